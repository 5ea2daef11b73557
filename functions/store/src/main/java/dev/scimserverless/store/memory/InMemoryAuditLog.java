package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The audit trail in memory (local endpoint, tests): a list guarded by its own monitor. */
public final class InMemoryAuditLog implements AuditLog {
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public synchronized void record(AuditEvent event) {
    events.add(event);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Filter, then sort by time, then limit: the {@code limit} earliest events, as DynamoDB's
   * Query in sort key (time) order returns them. Events of the same time keep recording order.
   */
  @Override
  public synchronized List<AuditEvent> query(
      String tenant, Instant since, Optional<String> resourceId, int limit) {
    return events.stream()
        .filter(e -> e.tenant().equals(tenant))
        .filter(e -> !e.time().isBefore(since))
        .filter(e -> resourceId.map(e.resourceId()::equals).orElse(true))
        .sorted(Comparator.comparing(AuditEvent::time))
        .limit(Math.max(limit, 0))
        .toList();
  }
}
