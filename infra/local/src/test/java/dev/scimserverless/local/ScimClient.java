package dev.scimserverless.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small SCIM client for the integration tests: real HTTP against the local endpoint. */
final class ScimClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String authorization;

  /** A client sending this Authorization header value (null for none). */
  ScimClient(String baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  static ScimClient bearer(String baseUrl, String token) {
    return new ScimClient(baseUrl, "Bearer " + token);
  }

  /** An HTTP answer with its body parsed as JSON when there is one. */
  record Response(int status, Map<String, java.util.List<String>> headers, String text) {
    JsonNode json() {
      return text == null || text.isEmpty() ? Json.object() : Json.parse(text);
    }

    String header(String name) {
      for (Map.Entry<String, java.util.List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  Response get(String path, Map<String, String> headers) {
    return send("GET", path, null, headers);
  }

  Response post(String path, String body) {
    return send("POST", path, body, Map.of());
  }

  Response put(String path, String body) {
    return send("PUT", path, body, Map.of());
  }

  Response put(String path, String body, Map<String, String> headers) {
    return send("PUT", path, body, headers);
  }

  Response patch(String path, String body) {
    return send("PATCH", path, body, Map.of());
  }

  Response patch(String path, String body, Map<String, String> headers) {
    return send("PATCH", path, body, headers);
  }

  Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  Response delete(String path, Map<String, String> headers) {
    return send("DELETE", path, null, headers);
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Response send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      b.header("Content-Type", "application/scim+json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
