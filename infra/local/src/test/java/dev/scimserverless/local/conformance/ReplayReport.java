package dev.scimserverless.local.conformance;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of a whole replay.
 *
 * @param suite the test's name
 * @param steps every request step's outcome, in order
 */
public record ReplayReport(String suite, List<StepOutcome> steps) {
  public ReplayReport {
    steps = List.copyOf(steps);
  }

  /** Whether every request step passed. */
  public boolean passed() {
    return steps.stream().allMatch(StepOutcome::passed);
  }

  /** The failed steps. */
  public List<StepOutcome> failures() {
    return steps.stream().filter(s -> !s.passed()).toList();
  }

  /** One line per step. */
  public String summary() {
    return suite
        + ": "
        + steps.stream().filter(StepOutcome::passed).count()
        + "/"
        + steps.size()
        + " steps passed\n"
        + steps.stream().map(StepOutcome::headline).collect(Collectors.joining("\n"));
  }

  /** The summary, then every failed step in full. */
  public String describe() {
    return summary()
        + "\n\n"
        + failures().stream().map(StepOutcome::describe).collect(Collectors.joining("\n"));
  }
}
