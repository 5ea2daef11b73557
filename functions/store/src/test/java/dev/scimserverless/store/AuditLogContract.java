package dev.scimserverless.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.AuditLog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for every AuditLog adapter. */
public abstract class AuditLogContract {
  protected abstract AuditLog newLog();

  private AuditLog log;
  private String tenant;
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  @BeforeEach
  void setUp() {
    log = newLog();
    tenant = "t-" + UUID.randomUUID();
  }

  private AuditEvent event(Instant time, String tenant, String op, String id, String... attrs) {
    return new AuditEvent(time, tenant, "tok_1", op, "User", id, List.of(attrs), "req-" + op);
  }

  @Test
  void recordsAndReadsBackInTimeOrderSince() {
    log.record(event(T0.plusSeconds(2), tenant, "patch", "u1", "active"));
    log.record(event(T0, tenant, "create", "u1", "userName", "emails"));
    log.record(event(T0.plusMillis(1500), tenant, "create", "u2", "userName"));
    List<AuditEvent> all = log.query(tenant, T0, Optional.empty(), 100);
    assertEquals(3, all.size());
    assertEquals("create", all.get(0).operation());
    assertEquals(List.of("userName", "emails"), all.get(0).attributes());
    assertEquals("u2", all.get(1).resourceId());
    assertEquals(T0.plusMillis(1500), all.get(1).time());
    assertEquals("patch", all.get(2).operation());
    assertEquals("tok_1", all.get(2).actor());
    assertEquals("req-patch", all.get(2).requestId());
    assertEquals(2, log.query(tenant, T0.plusSeconds(1), Optional.empty(), 100).size());
    assertEquals(1, log.query(tenant, T0, Optional.empty(), 1).size());
  }

  @Test
  void aLimitKeepsTheEarliestEventsInTimeOrder() {
    // recorded out of time order: the limit applies after sorting by time, as DynamoDB's Query does
    log.record(event(T0.plusSeconds(3), tenant, "delete", "u1"));
    log.record(event(T0.plusSeconds(1), tenant, "patch", "u1", "active"));
    log.record(event(T0, tenant, "create", "u1", "userName"));
    log.record(event(T0.plusSeconds(2), tenant, "patch", "u1", "emails"));

    List<AuditEvent> firstTwo = log.query(tenant, T0, Optional.empty(), 2);
    assertEquals(List.of(T0, T0.plusSeconds(1)), firstTwo.stream().map(AuditEvent::time).toList());
    assertEquals(List.of("create", "patch"), firstTwo.stream().map(AuditEvent::operation).toList());

    List<AuditEvent> ofU1 = log.query(tenant, T0.plusSeconds(1), Optional.of("u1"), 2);
    assertEquals(
        List.of(T0.plusSeconds(1), T0.plusSeconds(2)),
        ofU1.stream().map(AuditEvent::time).toList());
  }

  @Test
  void filtersByResource() {
    log.record(event(T0, tenant, "create", "u1", "userName"));
    log.record(event(T0.plusSeconds(1), tenant, "create", "u2", "userName"));
    log.record(event(T0.plusSeconds(2), tenant, "delete", "u1"));
    List<AuditEvent> u1 = log.query(tenant, T0, Optional.of("u1"), 100);
    assertEquals(2, u1.size());
    assertTrue(u1.stream().allMatch(e -> e.resourceId().equals("u1")));
    assertEquals("delete", u1.get(1).operation());
  }

  @Test
  void tenantsAreIsolated() {
    String other = "t-" + UUID.randomUUID();
    log.record(event(T0, tenant, "create", "u1", "userName"));
    log.record(event(T0, other, "create", "u1", "userName"));
    assertEquals(1, log.query(tenant, T0, Optional.empty(), 100).size());
    assertEquals(1, log.query(other, T0, Optional.of("u1"), 100).size());
    assertEquals(0, log.query("t-" + UUID.randomUUID(), T0, Optional.empty(), 100).size());
  }
}
