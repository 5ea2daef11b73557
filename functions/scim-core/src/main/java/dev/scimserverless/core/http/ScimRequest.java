package dev.scimserverless.core.http;

import dev.scimserverless.core.store.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A SCIM request as the core sees it, independent of API Gateway or any HTTP server.
 *
 * @param method the HTTP method, upper case
 * @param path the path below the SCIM base URL, e.g. {@code /Users/2819c223}
 * @param query query parameters (first value of each)
 * @param headers request headers, looked up case-insensitively
 * @param body the request body, or null
 * @param tenant the organization from the authorizer context, never from the request itself
 * @param requestId the request id, shown in error details and logs
 * @param baseUrl the SCIM base URL as the client sees it, without trailing slash
 */
public record ScimRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    String body,
    String tenant,
    String requestId,
    String baseUrl) {

  public ScimRequest {
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              h.put(k, v);
            }
          });
    }
    headers = h;
    query = query == null ? Map.of() : Map.copyOf(query);
  }

  /**
   * The tenant as the store ports take it, checked once here.
   *
   * @throws IllegalArgumentException if the authorizer gave none (a defect of the wiring)
   */
  public TenantId tenantId() {
    return TenantId.of(tenant);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  public Optional<String> queryParam(String name) {
    String v = query.get(name);
    if (v == null) {
      for (Map.Entry<String, String> e : query.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          v = e.getValue();
          break;
        }
      }
    }
    return Optional.ofNullable(v);
  }

  /** The path split into non-empty segments: {@code /Users/42} gives {@code [Users, 42]}. */
  public List<String> segments() {
    return List.of(path.replaceAll("^/+|/+$", "").split("/+"));
  }
}
