package dev.scimserverless.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** A SCIM response: status, headers and an optional JSON body. */
public record ScimResponse(int status, Map<String, String> headers, String body) {
  public static final String SCIM_JSON = "application/scim+json";

  public ScimResponse {
    headers = Map.copyOf(headers);
  }

  public static ScimResponse json(int status, JsonNode body, Map<String, String> extraHeaders) {
    Map<String, String> h = new LinkedHashMap<>(extraHeaders);
    h.put("Content-Type", SCIM_JSON);
    return new ScimResponse(status, h, Json.write(body));
  }

  public static ScimResponse json(int status, JsonNode body) {
    return json(status, body, Map.of());
  }

  public static ScimResponse empty(int status, Map<String, String> extraHeaders) {
    return new ScimResponse(status, extraHeaders, null);
  }
}
