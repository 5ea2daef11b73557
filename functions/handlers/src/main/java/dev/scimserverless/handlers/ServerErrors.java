package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.json.Json;

/**
 * Makes the detail of every 5xx SCIM Error name the request id, the key to the request's log line
 * (a 500 does already; a 503 from an unavailable store gets it here).
 */
final class ServerErrors {
  private ServerErrors() {}

  static ScimResponse withRequestId(ScimResponse response, String requestId) {
    if (response.status() < 500 || response.body() == null || requestId == null) {
      return response;
    }
    JsonNode body;
    try {
      body = Json.mapper().readTree(response.body());
    } catch (Exception e) {
      return response;
    }
    if (body == null || !body.isObject()) {
      return response;
    }
    ObjectNode error = (ObjectNode) body;
    String detail = error.path("detail").asText("");
    if (detail.contains(requestId)) {
      return response;
    }
    String sep = detail.isEmpty() || detail.endsWith(".") ? " " : ". ";
    error.put("detail", (detail + sep + "Request id: " + requestId + ".").trim());
    return new ScimResponse(response.status(), response.headers(), Json.write(error));
  }
}
