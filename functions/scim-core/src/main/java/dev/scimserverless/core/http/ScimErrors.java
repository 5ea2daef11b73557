package dev.scimserverless.core.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders errors as SCIM Error responses (RFC 7644 §3.12): the one place that does so. */
public final class ScimErrors {
  public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

  private ScimErrors() {}

  public static ObjectNode body(int status, String scimType, String detail) {
    ObjectNode n = Json.object();
    n.putArray("schemas").add(ERROR_SCHEMA);
    n.put("status", Integer.toString(status));
    if (scimType != null) {
      n.put("scimType", scimType);
    }
    if (detail != null) {
      n.put("detail", detail);
    }
    return n;
  }

  public static ScimResponse response(ScimException e) {
    Map<String, String> headers = new LinkedHashMap<>();
    e.retryAfterSeconds().ifPresent(s -> headers.put("Retry-After", Integer.toString(s)));
    if (e instanceof ScimException.MethodNotAllowed m) {
      headers.put("Allow", m.allowed());
    }
    return ScimResponse.json(
        e.status(),
        body(e.status(), e.scimType().map(Enum::name).orElse(null), e.detail()),
        headers);
  }

  /** An unexpected failure: a 500 that tells nothing but the request id to find the log line. */
  public static ScimResponse internal(String requestId) {
    return ScimResponse.json(
        500,
        body(
            500,
            null,
            "The service provider could not process the request. Request id: " + requestId + "."));
  }
}
