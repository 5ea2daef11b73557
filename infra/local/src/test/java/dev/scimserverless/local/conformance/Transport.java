package dev.scimserverless.local.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Sends one request exactly as given and times the response. */
@FunctionalInterface
public interface Transport {
  /**
   * Sends a request.
   *
   * @param method the HTTP method
   * @param url the URL, already encoded
   * @param headers the headers, each value sent as its own header line
   * @param body the body, null for none
   */
  Response send(String method, String url, Map<String, List<String>> headers, String body)
      throws IOException, InterruptedException;

  /** Real HTTP over this client; the time runs from sending to having the whole body. */
  static Transport http(HttpClient client) {
    return (method, url, headers, body) -> {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
      long start = System.nanoTime();
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      return new Response(r.statusCode(), millis, r.headers().map(), r.body());
    };
  }
}
