package dev.scimserverless.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionEnvironmentTest {
  /** The optional init warm-up (docs/performance.md, "Cold start levers") really runs requests. */
  @Test
  void theWarmUpCreatesAndFindsAUserInMemory() {
    assertTrue(FunctionEnvironment.warmCore());
  }

  @Test
  void auditRetentionDefaultsAndReads() {
    assertEquals(
        FunctionEnvironment.DEFAULT_AUDIT_RETENTION_DAYS,
        FunctionEnvironment.auditRetentionDays(Map.of()));
    assertEquals(30, FunctionEnvironment.auditRetentionDays(Map.of("AUDIT_RETENTION_DAYS", "30")));
  }
}
