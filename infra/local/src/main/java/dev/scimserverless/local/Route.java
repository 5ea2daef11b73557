package dev.scimserverless.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One API Gateway route: a resource path with {@code {param}} placeholders, a method ({@code ANY}
 * or a verb), and the logical id of the function in template.yaml that serves it.
 */
public record Route(String function, String method, String path) {

  /** The path parameters if this route's path matches, else empty. */
  public Optional<Map<String, String>> match(String requestMethod, String requestPath) {
    if (!method.equals("ANY") && !method.equalsIgnoreCase(requestMethod)) {
      return Optional.empty();
    }
    String[] want = path.split("/");
    String[] got = requestPath.replaceAll("/+$", "").split("/");
    if (want.length != got.length) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < want.length; i++) {
      if (want[i].startsWith("{") && want[i].endsWith("}")) {
        if (got[i].isEmpty()) {
          return Optional.empty();
        }
        params.put(want[i].substring(1, want[i].length() - 1), got[i]);
      } else if (!want[i].equals(got[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }
}
