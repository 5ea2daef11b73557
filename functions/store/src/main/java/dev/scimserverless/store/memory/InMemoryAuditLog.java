package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The audit trail in memory (local endpoint, tests): a list guarded by its own monitor. */
public final class InMemoryAuditLog implements AuditLog {
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public synchronized void record(AuditEvent event) {
    events.add(event);
  }

  @Override
  public synchronized List<AuditEvent> query(
      String tenant, Instant since, Optional<String> resourceId, int limit) {
    List<AuditEvent> out = new ArrayList<>();
    for (AuditEvent e : events) {
      if (out.size() >= limit) {
        break;
      }
      if (e.tenant().equals(tenant)
          && !e.time().isBefore(since)
          && resourceId.map(e.resourceId()::equals).orElse(true)) {
        out.add(e);
      }
    }
    out.sort(java.util.Comparator.comparing(AuditEvent::time));
    return out;
  }
}
