package dev.scimserverless.local.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * An HTTP response as the assertions see it.
 *
 * @param status the status code
 * @param millis the response time in milliseconds
 * @param headers the response headers
 * @param body the body text, empty for none
 */
public record Response(int status, long millis, Map<String, List<String>> headers, String body) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public Response {
    headers = Map.copyOf(headers);
    body = body == null ? "" : body;
  }

  /** The body as JSON, or null when it is empty or not JSON. */
  public JsonNode json() {
    if (body.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
