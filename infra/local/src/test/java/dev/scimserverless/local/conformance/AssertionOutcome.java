package dev.scimserverless.local.conformance;

/**
 * One assertion as evaluated.
 *
 * @param assertion the assertion as exported
 * @param target the target value with templates resolved, null for none
 * @param actual the actual value as text
 * @param passed whether it holds
 */
public record AssertionOutcome(Assertion assertion, String target, String actual, boolean passed) {
  @Override
  public String toString() {
    return (passed ? "passed: " : "FAILED: ")
        + assertion.source().code()
        + (assertion.property() == null ? "" : " " + assertion.property())
        + " "
        + assertion.comparison().code()
        + (target == null ? "" : " \"" + target + "\"")
        + "; actual: "
        + actual;
  }
}
