package dev.scimserverless.local.conformance;

import java.util.List;
import java.util.Map;

/** One step of a Runscope test: an HTTP request with its checks, or a pause. */
public sealed interface Step {

  /**
   * A request step as exported: every string may hold {@code {{variable}}} templates, resolved when
   * the step runs.
   *
   * @param note the step's title
   * @param skipped whether Runscope would skip it
   * @param method the HTTP method
   * @param url the URL template
   * @param headers header name to values, in export order
   * @param body the body template, null for none
   * @param assertions the checks on the response, in order
   * @param captures the variables set from the response
   * @param scripts post-response JavaScript snippets (blank ones removed)
   */
  record Request(
      String note,
      boolean skipped,
      String method,
      String url,
      Map<String, List<String>> headers,
      String body,
      List<Assertion> assertions,
      List<Capture> captures,
      List<String> scripts)
      implements Step {
    public Request {
      headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
      assertions = List.copyOf(assertions);
      captures = List.copyOf(captures);
      scripts = List.copyOf(scripts);
    }
  }

  /** A pause of some seconds between requests; the replay does not wait. */
  record Pause(int seconds) implements Step {}
}
