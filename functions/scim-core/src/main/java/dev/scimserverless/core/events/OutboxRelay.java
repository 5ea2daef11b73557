package dev.scimserverless.core.events;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.store.ChangeOutbox;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Relays a store's outbox to {@link EventSink}s: one worker thread per {@link Lane} (a tenant and a
 * consumer, e.g. one webhook subscription) reads the tenant's changes from the lane's cursor,
 * delivers their events in order, and then saves the cursor. At least once, never lost: a relay
 * stopped (or killed) between a write and its delivery, or in the middle of a batch, starts again
 * from the saved cursor, so every event arrives, a redelivered one with the same id. A tenant whose
 * consumer is slow or down holds only its own worker; SCIM requests never wait for a relay.
 *
 * <p>{@code lookback}: a store whose outbox order can differ from commit order by a little (the
 * DynamoDB outbox is in the writers' time order; a write can commit after a later-timed one) is
 * read again from where the cursor stood {@code lookback} ago, skipping changes already delivered,
 * and the cursor saved is that older one. In memory the order is the commit order: zero.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final int PAGE = 100;

  /**
   * One ordered stream of deliveries: a tenant's changes to one consumer, with its own cursor and
   * its own worker thread, so that a slow or dead consumer holds only its lane.
   *
   * @param tenant the organization
   * @param consumer the name its cursor is saved under (one per subscription)
   * @param sink where its events go
   * @param live asked after each page is read and before it is delivered: false stops the lane (a
   *     removed subscription gets nothing written after its removal)
   */
  public record Lane(String tenant, String consumer, EventSink sink, BooleanSupplier live) {
    String key() {
      return tenant + "\u0000" + consumer;
    }
  }

  private final ChangeOutbox outbox;
  private final Supplier<List<Lane>> lanes;
  private final Duration poll;
  private final Duration lookback;
  private final Map<String, Thread> workers = new ConcurrentHashMap<>();
  private volatile boolean running;
  private Thread scheduler;

  /**
   * @param outbox the store's outbox
   * @param tenants the tenants to relay (asked again every second, so new tenants are picked up)
   * @param consumer the name the cursors are saved under
   * @param sink where events go
   * @param poll how long a worker waits when its tenant has no new change
   * @param lookback how far the outbox order may lag commit order (see above)
   */
  public OutboxRelay(
      ChangeOutbox outbox,
      Supplier<List<String>> tenants,
      String consumer,
      EventSink sink,
      Duration poll,
      Duration lookback) {
    this(
        outbox,
        () -> tenants.get().stream().map(t -> new Lane(t, consumer, sink, () -> true)).toList(),
        poll,
        lookback);
  }

  /**
   * @param outbox the store's outbox
   * @param lanes the lanes to relay (asked again every second: new ones start, gone ones stop)
   * @param poll how long a worker waits when its lane has no new change
   * @param lookback how far the outbox order may lag commit order (see above)
   */
  public OutboxRelay(
      ChangeOutbox outbox, Supplier<List<Lane>> lanes, Duration poll, Duration lookback) {
    this.outbox = outbox;
    this.lanes = lanes;
    this.poll = poll;
    this.lookback = lookback;
  }

  /** Starts the workers (and a thread that starts those of new tenants). */
  public synchronized OutboxRelay start() {
    if (running) {
      return this;
    }
    running = true;
    scheduler =
        daemon(
            "relay-tenants",
            () -> {
              while (running) {
                try {
                  Set<String> current = new HashSet<>();
                  for (Lane lane : lanes.get()) {
                    current.add(lane.key());
                    workers.computeIfAbsent(
                        lane.key(),
                        k ->
                            daemon(
                                "relay-" + lane.tenant() + "-" + lane.consumer(),
                                () -> work(lane)));
                  }
                  workers
                      .entrySet()
                      .removeIf(
                          w -> {
                            if (current.contains(w.getKey())) {
                              return false;
                            }
                            w.getValue().interrupt();
                            return true;
                          });
                } catch (RuntimeException e) {
                  // the lanes are read again next time
                }
                if (!sleep(Duration.ofSeconds(1))) {
                  return;
                }
              }
            });
    return this;
  }

  /** Stops every worker; a delivery in progress is abandoned (delivered again on restart). */
  @Override
  public synchronized void close() {
    running = false;
    if (scheduler != null) {
      scheduler.interrupt();
    }
    workers.values().forEach(Thread::interrupt);
    for (Thread t : workers.values()) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.clear();
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** One lane's loop. */
  private void work(Lane lane) {
    try {
      work(lane.tenant(), lane.consumer(), lane.sink(), lane.live());
    } finally {
      workers.remove(lane.key(), Thread.currentThread());
    }
  }

  private void work(String tenant, String consumer, EventSink sink, BooleanSupplier live) {
    Optional<String> horizon = Optional.empty();
    Optional<String> latest = Optional.empty();
    Deque<Map.Entry<Long, Optional<String>>> history = new ArrayDeque<>();
    Map<String, Long> delivered = new LinkedHashMap<>();
    boolean started = false;
    while (running) {
      try {
        if (!started) {
          horizon = outbox.cursor(tenant, consumer);
          latest = horizon;
          started = true;
        }
        Optional<String> from = lookback.isZero() ? latest : horizon;
        long now = System.nanoTime();
        List<ChangeOutbox.Entry> page;
        do {
          page = outbox.changesAfter(tenant, from, PAGE);
          if (!page.isEmpty() && !live.getAsBoolean()) {
            return;
          }
          for (ChangeOutbox.Entry entry : page) {
            ProvisioningChange change = entry.change();
            if (!lookback.isZero() && delivered.containsKey(change.id())) {
              continue;
            }
            for (ProvisioningEvent event : ProvisioningEvents.of(change)) {
              sink.deliver(tenant, event);
            }
            if (lookback.isZero()) {
              outbox.saveCursor(tenant, consumer, entry.cursor());
            } else {
              delivered.put(change.id(), now);
            }
            if (latest.isEmpty() || entry.cursor().compareTo(latest.get()) > 0) {
              latest = Optional.of(entry.cursor());
            }
          }
          if (!page.isEmpty()) {
            from = Optional.of(page.get(page.size() - 1).cursor());
          }
        } while (page.size() == PAGE && running);
        if (!lookback.isZero()) {
          horizon = advance(tenant, consumer, history, delivered, latest, horizon, now);
        }
        if (!sleep(poll)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // the store failed: try again after a pause, from the same cursor
        if (!sleep(Duration.ofSeconds(1))) {
          return;
        }
      }
    }
  }

  /**
   * Moves the horizon to the newest cursor reached more than {@code lookback} ago, saves it, and
   * forgets the deliveries older than twice the lookback.
   */
  private Optional<String> advance(
      String tenant,
      String consumer,
      Deque<Map.Entry<Long, Optional<String>>> history,
      Map<String, Long> delivered,
      Optional<String> latest,
      Optional<String> horizon,
      long now) {
    history.addLast(Map.entry(now, latest));
    long limit = now - lookback.toNanos();
    Optional<String> next = horizon;
    while (!history.isEmpty() && history.peekFirst().getKey() <= limit) {
      next = history.pollFirst().getValue();
    }
    if (next.isPresent() && !next.equals(horizon)) {
      outbox.saveCursor(tenant, consumer, next.get());
    }
    long forget = now - 2 * lookback.toNanos();
    delivered.values().removeIf(t -> t < forget);
    return next;
  }
}
