package dev.scimserverless.local.conformance;

/**
 * One Runscope assertion: the actual value taken from {@code source} (at {@code property} for JSON
 * bodies) compared with {@code value} by {@code comparison}.
 *
 * @param source where the actual value comes from
 * @param property the JavaScript-style path into the JSON body, null for other sources
 * @param comparison how the actual value is compared
 * @param value the target value template, null for comparisons without a target
 */
public record Assertion(Source source, String property, Comparison comparison, String value) {
  public Assertion {
    if (comparison.needsTarget() && value == null) {
      throw new IllegalArgumentException(comparison.code() + " needs a target value");
    }
  }

  @Override
  public String toString() {
    return source.code()
        + (property == null ? "" : " " + property)
        + " "
        + comparison.code()
        + (value == null ? "" : " \"" + value + "\"");
  }
}
