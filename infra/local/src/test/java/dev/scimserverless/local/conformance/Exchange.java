package dev.scimserverless.local.conformance;

import java.util.List;
import java.util.Map;

/**
 * One request as sent and its response.
 *
 * @param method the HTTP method
 * @param url the URL as sent (templates resolved, illegal characters percent-encoded)
 * @param headers the request headers as sent
 * @param body the request body, null for none
 * @param response the response, null when none came (see the step's errors)
 */
public record Exchange(
    String method, String url, Map<String, List<String>> headers, String body, Response response) {

  /** The request and the response as text, for failure reports. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append("  > ").append(method).append(' ').append(url).append('\n');
    headers.forEach(
        (k, v) -> v.forEach(x -> s.append("  > ").append(k).append(": ").append(x).append('\n')));
    if (body != null) {
      s.append("  > ").append(body).append('\n');
    }
    if (response == null) {
      s.append("  < (no response)\n");
      return s.toString();
    }
    s.append("  < ")
        .append(response.status())
        .append(" (")
        .append(response.millis())
        .append(" ms)\n");
    response
        .headers()
        .forEach(
            (k, v) ->
                v.forEach(x -> s.append("  < ").append(k).append(": ").append(x).append('\n')));
    if (!response.body().isEmpty()) {
      s.append("  < ").append(response.body()).append('\n');
    }
    return s.toString();
  }
}
