package dev.scimserverless.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Arrays;

/** Where an assertion or a variable takes its actual value from (the export's {@code source}). */
public enum Source {
  /** The HTTP status code, a number. */
  RESPONSE_STATUS("response_status"),
  /** The value at the assertion's property in the JSON body. */
  RESPONSE_JSON("response_json"),
  /** The time from sending the request to having the whole response, in milliseconds. */
  RESPONSE_TIME("response_time");

  private final String code;

  Source(String code) {
    this.code = code;
  }

  /** The name used in the export. */
  public String code() {
    return code;
  }

  /** The source with this export name; an unknown one is an error, never ignored. */
  public static Source of(String code) {
    return Arrays.stream(values())
        .filter(s -> s.code.equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown Runscope source '" + code + "': the runner does not implement it"));
  }

  /** The actual value of this source in a response; missing when the body has no such value. */
  public JsonNode actual(Response response, String property) {
    return switch (this) {
      case RESPONSE_STATUS -> JsonNodeFactory.instance.numberNode(response.status());
      case RESPONSE_TIME -> JsonNodeFactory.instance.numberNode(response.millis());
      case RESPONSE_JSON -> {
        JsonNode body = response.json();
        yield body == null ? MissingNode.getInstance() : JsonProperty.parse(property).select(body);
      }
    };
  }
}
