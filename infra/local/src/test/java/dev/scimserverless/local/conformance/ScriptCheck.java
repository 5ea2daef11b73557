package dev.scimserverless.local.conformance;

import java.util.Optional;

/**
 * A Java translation of one post-response Runscope script (the runner has no JavaScript engine).
 * Translations are looked up by the script's text, so a script without one fails the step.
 */
@FunctionalInterface
public interface ScriptCheck {
  /** The failure the script would report for this response, or empty when it passes. */
  Optional<String> check(Response response);

  /** The lookup key of a script: its text with runs of whitespace collapsed. */
  static String key(String script) {
    return script.strip().replaceAll("\\s+", " ");
  }
}
