package dev.scimserverless.core.change;

import dev.scimserverless.core.resource.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Who is making the changes of the request being served (token id, request id), and the changes it
 * committed so far. The handler opens one around a request ({@link #run}); the services read it
 * when they describe a write ({@link #change}) and report each committed one ({@link #committed}),
 * so that the handler can hand them to the audit trail. A thread-local, because a SCIM request is
 * served on one thread from the handler to the store and the service signatures stay about SCIM.
 */
public final class ChangeContext {
  private static final ThreadLocal<ChangeContext> CURRENT = new ThreadLocal<>();
  private static final AtomicLong LAST_MICROS = new AtomicLong();

  private final String actor;
  private final String requestId;
  private final List<ProvisioningChange> committed = new ArrayList<>();
  private final Set<String> ignored = new LinkedHashSet<>();

  public ChangeContext(String actor, String requestId) {
    this.actor = actor == null ? "unknown" : actor;
    this.requestId = requestId == null ? "" : requestId;
  }

  /** Runs {@code body} with this context as the current one. */
  public <T> T run(Supplier<T> body) {
    ChangeContext outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return body.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** The context of the current request, or an anonymous one outside a request (tests, tools). */
  public static ChangeContext current() {
    ChangeContext c = CURRENT.get();
    return c == null ? new ChangeContext(null, null) : c;
  }

  public String actor() {
    return actor;
  }

  public String requestId() {
    return requestId;
  }

  /** Records a change its store has committed. */
  public static void committed(ProvisioningChange change) {
    ChangeContext c = CURRENT.get();
    if (c != null) {
      synchronized (c.committed) {
        c.committed.add(change);
      }
    }
  }

  /**
   * Records the names of attributes (or schema URNs) the request carried that the server ignored:
   * the "attribute mismatch" an organization's admin sees in the provisioning log. Names only.
   */
  public static void ignored(Collection<String> names) {
    ChangeContext c = CURRENT.get();
    if (c != null && !names.isEmpty()) {
      synchronized (c.ignored) {
        c.ignored.addAll(names);
      }
    }
  }

  /** The attributes ignored in this context, in the order first seen. */
  public List<String> ignoredAttributes() {
    synchronized (ignored) {
      return List.copyOf(ignored);
    }
  }

  /** The changes committed in this context, in commit order. */
  public List<ProvisioningChange> changes() {
    synchronized (committed) {
      return List.copyOf(committed);
    }
  }

  /**
   * The time of a change: the clock's, moved to one microsecond after the previous change's when
   * the clock did not advance, so that changes made one after the other in this process have
   * increasing times (the outbox is read in time order).
   */
  public static Instant now(Clock clock) {
    Instant t = clock.instant();
    long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    long taken = LAST_MICROS.updateAndGet(last -> Math.max(last + 1, micros));
    return Instant.ofEpochSecond(taken / 1_000_000L, (taken % 1_000_000L) * 1_000L);
  }

  /**
   * A new change of the current request, with a fresh id, at {@code time} (the written resource's
   * lastModified, taken from {@link #now}).
   */
  public static ProvisioningChange change(
      Instant time,
      String tenant,
      ResourceType type,
      String resourceId,
      ProvisioningChange.Operation operation,
      List<String> attributes,
      long version,
      Optional<Boolean> activeBefore,
      Optional<Boolean> activeAfter,
      Optional<String> representation) {
    ChangeContext c = current();
    return new ProvisioningChange(
        UUID.randomUUID().toString(),
        time,
        tenant,
        type,
        resourceId,
        operation,
        attributes,
        List.of(),
        List.of(),
        List.of(),
        version,
        activeBefore,
        activeAfter,
        representation,
        c.actor,
        c.requestId);
  }

  /** A membership change of a group by the current request. */
  public static ProvisioningChange memberChange(
      Clock clock,
      String tenant,
      String groupId,
      ProvisioningChange.Operation operation,
      List<String> added,
      List<String> removed) {
    ChangeContext c = current();
    return new ProvisioningChange(
        UUID.randomUUID().toString(),
        now(clock),
        tenant,
        ResourceType.GROUP,
        groupId,
        operation,
        List.of("members"),
        added,
        removed,
        List.of(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        c.actor,
        c.requestId);
  }
}
