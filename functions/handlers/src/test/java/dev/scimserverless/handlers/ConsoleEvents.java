package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * The console API's events: the HTTP API (payload format 1.0) event of the fixture {@code
 * console/http-api-v1-event.json}, with the method, path, query, cookie, CSRF header and body of
 * one request put in.
 */
final class ConsoleEvents {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final JsonNode FIXTURE = load("/console/http-api-v1-event.json");

  private final ObjectNode event = FIXTURE.deepCopy();

  private ConsoleEvents(String method, String path) {
    event.put("httpMethod", method).put("path", path);
    ObjectNode rc = (ObjectNode) event.path("requestContext");
    rc.put("httpMethod", method).put("path", path).put("requestId", UUID.randomUUID().toString());
    String proxy = path.replaceFirst("^/console/?", "");
    if (proxy.isEmpty()) {
      event.put("resource", "/console");
      rc.put("resourcePath", "/console").put("resourceId", "ANY /console");
      event.putNull("pathParameters");
    } else {
      ((ObjectNode) event.path("pathParameters")).put("proxy", proxy);
    }
  }

  static ConsoleEvents request(String method, String path) {
    return new ConsoleEvents(method, path);
  }

  ConsoleEvents header(String name, String value) {
    ((ObjectNode) event.path("headers")).put(name.toLowerCase(), value);
    ((ObjectNode) event.path("multiValueHeaders")).putArray(name.toLowerCase()).add(value);
    return this;
  }

  /** The browser's cookies, one {@code cookie} header each (as HTTP/2 browsers send them). */
  ConsoleEvents cookies(String... cookies) {
    if (cookies.length == 0) {
      return this;
    }
    ((ObjectNode) event.path("headers")).put("cookie", String.join(", ", cookies));
    ArrayNode all = ((ObjectNode) event.path("multiValueHeaders")).putArray("cookie");
    for (String c : cookies) {
      all.add(c);
    }
    return this;
  }

  ConsoleEvents query(Map<String, String> query) {
    ObjectNode q = event.putObject("queryStringParameters");
    ObjectNode mq = event.putObject("multiValueQueryStringParameters");
    query.forEach(
        (k, v) -> {
          q.put(k, v);
          mq.putArray(k).add(v);
        });
    return this;
  }

  ConsoleEvents json(String body) {
    header("content-type", "application/json");
    event.put("body", body);
    return this;
  }

  APIGatewayProxyRequestEvent build() {
    try {
      return MAPPER.treeToValue(event, APIGatewayProxyRequestEvent.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode load(String resource) {
    try (InputStream in = ConsoleEvents.class.getResourceAsStream(resource)) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
