package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.ProvisioningQuery;
import dev.scimserverless.core.store.ProvisioningRecord;
import dev.scimserverless.store.ProvisioningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provisioning log in memory: per tenant, failures for the retention period and the last {@link
 * ProvisioningLog#SUCCESSES_KEPT} successes, guarded by the log's monitor.
 */
public final class InMemoryProvisioningLog implements ProvisioningLog {
  private final Clock clock;
  private final Map<String, Tenant> tenants = new HashMap<>();

  private static final class Tenant {
    final Deque<Keyed> errors = new ArrayDeque<>();
    final Deque<Keyed> successes = new ArrayDeque<>();
  }

  private record Keyed(String key, ProvisioningRecord record) {}

  public InMemoryProvisioningLog() {
    this(Clock.systemUTC());
  }

  public InMemoryProvisioningLog(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void record(ProvisioningRecord r) {
    Tenant t = tenants.computeIfAbsent(r.tenant(), x -> new Tenant());
    Keyed k = new Keyed(ProvisioningKeys.sortKey(r), r);
    if (r.failed()) {
      t.errors.addLast(k);
      Instant oldest = clock.instant().minus(Duration.ofDays(ERROR_RETENTION_DAYS));
      while (!t.errors.isEmpty() && t.errors.peekFirst().record().time().isBefore(oldest)) {
        t.errors.removeFirst();
      }
    } else {
      t.successes.addLast(k);
      while (t.successes.size() > SUCCESSES_KEPT) {
        t.successes.removeFirst();
      }
    }
  }

  @Override
  public synchronized Page query(String tenant, ProvisioningQuery q) {
    Tenant t = tenants.get(tenant);
    if (t == null) {
      return new Page(List.of(), Optional.empty());
    }
    Instant oldest = clock.instant().minus(Duration.ofDays(ERROR_RETENTION_DAYS));
    List<Keyed> all = new ArrayList<>();
    if (q.outcome() != ProvisioningQuery.Outcome.SUCCESS) {
      t.errors.stream().filter(k -> !k.record().time().isBefore(oldest)).forEach(all::add);
    }
    if (q.outcome() != ProvisioningQuery.Outcome.ERROR) {
      all.addAll(t.successes);
    }
    List<Keyed> page =
        all.stream()
            .filter(k -> q.cursor().map(c -> k.key().compareTo(c) < 0).orElse(true))
            .filter(k -> q.matches(k.record()))
            .sorted(Comparator.comparing(Keyed::key).reversed())
            .limit(q.limit() + 1L)
            .toList();
    boolean more = page.size() > q.limit();
    List<Keyed> shown = more ? page.subList(0, q.limit()) : page;
    return new Page(
        shown.stream().map(Keyed::record).toList(),
        more ? Optional.of(shown.get(shown.size() - 1).key()) : Optional.empty());
  }
}
