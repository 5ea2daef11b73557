package dev.scimserverless.local.conformance;

import java.util.List;

/**
 * One request step as run.
 *
 * @param number the step's position among the request steps, from 1
 * @param note the step's title
 * @param skipped whether the export marks it skipped (then nothing ran)
 * @param exchange the request and response, null when the request could not be built
 * @param assertions every assertion with its result, in order
 * @param errors what else failed: templates, transport, scripts
 */
public record StepOutcome(
    int number,
    String note,
    boolean skipped,
    Exchange exchange,
    List<AssertionOutcome> assertions,
    List<String> errors) {
  public StepOutcome {
    assertions = List.copyOf(assertions);
    errors = List.copyOf(errors);
  }

  /** Whether the step's request was made and every check passed (or the step is skipped). */
  public boolean passed() {
    return skipped
        || (exchange != null
            && exchange.response() != null
            && errors.isEmpty()
            && assertions.stream().allMatch(AssertionOutcome::passed));
  }

  /** A one-line status. */
  public String headline() {
    String status = skipped ? "SKIPPED" : passed() ? "ok" : "FAILED";
    return "#" + number + " " + status + " - " + note;
  }

  /** The step with its request, response, failed assertions and errors. */
  public String describe() {
    StringBuilder s = new StringBuilder(headline()).append('\n');
    if (exchange != null) {
      s.append(exchange.describe());
    }
    for (AssertionOutcome a : assertions) {
      if (!a.passed()) {
        s.append("  ").append(a).append('\n');
      }
    }
    for (String e : errors) {
      s.append("  ERROR: ").append(e).append('\n');
    }
    return s.toString();
  }
}
