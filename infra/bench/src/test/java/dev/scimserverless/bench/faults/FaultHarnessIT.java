package dev.scimserverless.bench.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short fault run (about 30 s): IdP-like clients on the local endpoint on Dynoxide while the
 * store is paused, killed and restarted, and the SDK's attempts throttled, failed, reset and
 * slowed. Nothing acknowledged is lost, nothing removed comes back, no connection is dropped, no
 * request hangs, and every failure is a 503/504/429 SCIM Error with Retry-After.
 */
class FaultHarnessIT {
  @Test
  void nothingLostNothingDroppedUnderFaults() throws Exception {
    FaultHarness.Report r =
        FaultHarness.run(
            FaultHarness.Options.of(
                Integer.getInteger("faults.clients", 4),
                Duration.ofSeconds(Long.getLong("faults.seconds", 30)),
                Long.getLong("faults.seed", 12)));
    System.out.print(r.text());
    assertEquals(0, r.lost(), r.text());
    assertEquals(List.of(), r.tableViolations(), r.text());
    assertEquals(0, r.resurrected(), r.text());
    assertEquals(0, r.dropped(), r.text());
    assertEquals(0, r.hung(), r.text());
    assertEquals(0, r.serverErrors500(), r.text());
    assertEquals(0, r.badFailures(), r.text());
    assertEquals(0, r.unexpected(), r.text());
    assertTrue(r.checkedUsers() > 0 && r.checkedMemberships() > 0, r.text());
    assertTrue(r.retryable().values().stream().mapToLong(Long::longValue).sum() > 0, r.text());
  }
}
