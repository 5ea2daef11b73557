package dev.scimserverless.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One SCIM request as the provisioning log keeps it: what an organization's admin needs to see why
 * an IdP call failed. Never a body, a token or a filter value: the route is the template ({@code
 * /scim/v2/Users/{id}}), not the path, and {@code warnings} holds attribute names only.
 *
 * @param time when the request arrived
 * @param tenant the organization
 * @param requestId the id in the response's {@code X-Request-Id} header
 * @param method the HTTP method
 * @param route the route template
 * @param status the HTTP status answered
 * @param scimType the SCIM error type, or empty
 * @param detail the SCIM error detail, or empty (never quotes a value of the request)
 * @param tokenId the id of the token used, or empty
 * @param userAgent the caller's User-Agent (which IdP), truncated, or empty
 * @param latencyMillis time taken to answer
 * @param warnings names of the attributes the request carried that the server ignored
 */
public record ProvisioningRecord(
    Instant time,
    String tenant,
    String requestId,
    String method,
    String route,
    int status,
    String scimType,
    String detail,
    String tokenId,
    String userAgent,
    long latencyMillis,
    List<String> warnings) {

  /** The longest User-Agent kept. */
  public static final int MAX_USER_AGENT = 200;

  public ProvisioningRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(tenant, "tenant");
    requestId = requestId == null ? "" : requestId;
    method = method == null ? "" : method;
    route = route == null ? "" : route;
    scimType = scimType == null ? "" : scimType;
    detail = detail == null ? "" : detail;
    tokenId = tokenId == null ? "" : tokenId;
    userAgent =
        userAgent == null
            ? ""
            : userAgent.length() > MAX_USER_AGENT
                ? userAgent.substring(0, MAX_USER_AGENT)
                : userAgent;
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Whether the request failed (4xx or 5xx): such records are kept for the retention period. */
  public boolean failed() {
    return status >= 400;
  }
}
