package dev.scimserverless.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.ChangeOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The relay: in order, per tenant, from the saved cursor, a blocked tenant blocks only itself. */
class OutboxRelayTest {

  /** An outbox in a list (cursor = index), as the in-memory store keeps it. */
  static final class ListOutbox implements ChangeOutbox {
    final Map<String, List<ProvisioningChange>> changes = new HashMap<>();
    final Map<String, String> cursors = new HashMap<>();

    synchronized void add(ProvisioningChange c) {
      changes.computeIfAbsent(c.tenant(), t -> new ArrayList<>()).add(c);
    }

    @Override
    public synchronized List<Entry> changesAfter(
        String tenant, Optional<String> afterCursor, int limit) {
      List<ProvisioningChange> all = changes.getOrDefault(tenant, List.of());
      int from = afterCursor.map(c -> Integer.parseInt(c) + 1).orElse(0);
      List<Entry> out = new ArrayList<>();
      for (int i = from; i < all.size() && out.size() < limit; i++) {
        out.add(new Entry(String.format("%06d", i), all.get(i)));
      }
      return out;
    }

    @Override
    public synchronized Optional<String> cursor(String tenant, String consumer) {
      return Optional.ofNullable(cursors.get(tenant + "/" + consumer));
    }

    @Override
    public synchronized void saveCursor(String tenant, String consumer, String cursor) {
      cursors.put(tenant + "/" + consumer, cursor);
    }
  }

  /** Collects what it is given; a tenant can be made to block. */
  static final class Collecting implements EventSink {
    final List<ProvisioningEvent> events = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch blockedForever = new CountDownLatch(1);
    volatile String blockedTenant = "";

    @Override
    public void deliver(String tenant, ProvisioningEvent event) throws InterruptedException {
      if (tenant.equals(blockedTenant)) {
        blockedForever.await();
      }
      events.add(event);
    }

    List<String> ids() {
      synchronized (events) {
        return events.stream().map(ProvisioningEvent::id).toList();
      }
    }

    void awaitSize(int n) throws InterruptedException {
      for (int i = 0; i < 500 && events.size() < n; i++) {
        Thread.sleep(10);
      }
    }
  }

  static ProvisioningChange created(String tenant, String userId) {
    return new ProvisioningChange(
        UUID.randomUUID().toString(),
        Instant.now(),
        tenant,
        ResourceType.USER,
        userId,
        ProvisioningChange.Operation.CREATE,
        List.of("userName"),
        List.of(),
        List.of(),
        List.of(),
        1,
        Optional.empty(),
        Optional.of(true),
        Optional.of("{\"id\":\"" + userId + "\"}"),
        "tok",
        "req");
  }

  static OutboxRelay relay(ListOutbox outbox, EventSink sink, Duration lookback) {
    return new OutboxRelay(
        outbox, () -> List.of("a", "b"), "test", sink, Duration.ofMillis(10), lookback);
  }

  @Test
  void deliversInCommitOrderAndRestartsFromTheSavedCursor() throws Exception {
    ListOutbox outbox = new ListOutbox();
    Collecting sink = new Collecting();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ProvisioningChange c = created("a", "u" + i);
      outbox.add(c);
      expected.add(c.id() + ".0");
    }
    try (OutboxRelay r = relay(outbox, sink, Duration.ZERO).start()) {
      sink.awaitSize(5);
    }
    assertEquals(expected, sink.ids());

    // stopped between the writes and their delivery: the next relay delivers them
    for (int i = 5; i < 8; i++) {
      ProvisioningChange c = created("a", "u" + i);
      outbox.add(c);
      expected.add(c.id() + ".0");
    }
    try (OutboxRelay r = relay(outbox, sink, Duration.ZERO).start()) {
      sink.awaitSize(8);
    }
    assertEquals(expected, sink.ids(), "every event once, in order");
  }

  @Test
  void withALookbackAChangeThatCommitsLateIsStillDeliveredOnce() throws Exception {
    ListOutbox outbox = new ListOutbox();
    Collecting sink = new Collecting();
    outbox.add(created("a", "u0"));
    try (OutboxRelay r = relay(outbox, sink, Duration.ofSeconds(30)).start()) {
      sink.awaitSize(1);
      outbox.add(created("a", "u1"));
      sink.awaitSize(2);
      Thread.sleep(100); // more reads of the window: nothing delivered twice
      assertEquals(2, sink.ids().size());
      assertEquals(2, sink.ids().stream().distinct().count());
    }
  }

  @Test
  void aBlockedTenantDoesNotHoldTheOthers() throws Exception {
    ListOutbox outbox = new ListOutbox();
    Collecting sink = new Collecting();
    sink.blockedTenant = "a";
    outbox.add(created("a", "ua"));
    ProvisioningChange b = created("b", "ub");
    outbox.add(b);
    try (OutboxRelay r = relay(outbox, sink, Duration.ZERO).start()) {
      sink.awaitSize(1);
      assertEquals(List.of(b.id() + ".0"), sink.ids());
    }
    assertTrue(outbox.cursor("a", "test").isEmpty(), "a's change is still to deliver");
    assertTrue(sink.blockedForever.await(0, TimeUnit.MILLISECONDS) == false);
  }

  @Test
  void aBlockedSubscriptionDoesNotHoldTheTenantsOtherOneAndAGoneOneGetsNothingMore()
      throws Exception {
    ListOutbox outbox = new ListOutbox();
    Collecting blocked = new Collecting();
    blocked.blockedTenant = "a";
    Collecting other = new Collecting();
    Collecting leaving = new Collecting();
    java.util.concurrent.atomic.AtomicBoolean leavingLive =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    ProvisioningChange first = created("a", "u1");
    outbox.add(first);
    List<OutboxRelay.Lane> lanes =
        List.of(
            new OutboxRelay.Lane("a", "webhook:wh_1", blocked, () -> true),
            new OutboxRelay.Lane("a", "webhook:wh_2", other, () -> true),
            new OutboxRelay.Lane("a", "webhook:wh_3", leaving, leavingLive::get));
    try (OutboxRelay r =
        new OutboxRelay(outbox, () -> lanes, Duration.ofMillis(10), Duration.ZERO).start()) {
      other.awaitSize(1);
      leaving.awaitSize(1);
      leavingLive.set(false); // removed
      ProvisioningChange second = created("a", "u2");
      outbox.add(second);
      other.awaitSize(2);
      assertEquals(List.of(first.id() + ".0", second.id() + ".0"), other.ids());
      assertEquals(List.of(), blocked.ids(), "the blocked lane holds only itself");
      assertEquals(
          List.of(first.id() + ".0"),
          leaving.ids(),
          "a page read after the removal is not delivered to it");
    }
    assertTrue(outbox.cursor("a", "webhook:wh_1").isEmpty(), "each lane has its own cursor");
    assertEquals(Optional.of("000001"), outbox.cursor("a", "webhook:wh_2"));
  }
}
