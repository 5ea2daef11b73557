package dev.scimserverless.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.core.store.WebhookSubscriptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for every adapter of the webhook ports: subscriptions, attempts, dead letters. */
public abstract class WebhookStoresContract {
  protected abstract WebhookSubscriptions newSubscriptions();

  protected abstract WebhookDeliveries newDeliveries();

  private WebhookSubscriptions subs;
  private WebhookDeliveries log;
  private String tenant;
  private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);

  @BeforeEach
  void setUp() {
    subs = newSubscriptions();
    log = newDeliveries();
    tenant = "t-" + UUID.randomUUID();
  }

  private WebhookSubscription sub(String id, int second, List<String> types) {
    return new WebhookSubscription(
        tenant,
        id,
        "https://app.example/hooks/" + id,
        types,
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        t0.plusSeconds(second));
  }

  @Test
  void subscriptionsAreAddedListedInOrderReadAndRemoved() {
    WebhookSubscription a = sub("wh_000000000000000b", 1, List.of());
    WebhookSubscription b =
        sub("wh_000000000000000a", 2, List.of("user.created", "group.member_added"));
    subs.add(a);
    subs.add(b);
    assertEquals(List.of(a, b), subs.list(tenant), "oldest first, secrets kept");
    assertEquals(Optional.of(b), subs.get(tenant, b.id()));
    assertEquals(List.of(), subs.list("other-" + tenant), "tenant-scoped");
    assertEquals(Optional.empty(), subs.get("other-" + tenant, b.id()));

    assertThrows(StoreException.UniquenessConflict.class, () -> subs.add(a));
    subs.remove(tenant, a.id());
    assertEquals(List.of(b), subs.list(tenant));
    assertEquals(Optional.empty(), subs.get(tenant, a.id()));
    assertThrows(StoreException.NotFound.class, () -> subs.remove(tenant, a.id()));
    assertThrows(StoreException.NotFound.class, () -> subs.remove("other-" + tenant, b.id()));
  }

  private WebhookDeliveries.Attempt attempt(int second, int n, WebhookDeliveries.Outcome o) {
    return new WebhookDeliveries.Attempt(
        tenant,
        "wh_1",
        "c1." + second,
        "user.created",
        n,
        o == WebhookDeliveries.Outcome.DELIVERED ? Optional.of(204) : Optional.empty(),
        o == WebhookDeliveries.Outcome.DELIVERED ? "" : "HttpTimeoutException",
        o,
        t0.plusSeconds(second));
  }

  @Test
  void attemptsAreListedNewestFirstWithinTheLimit() {
    log.record(attempt(1, 1, WebhookDeliveries.Outcome.RETRYING));
    log.record(attempt(2, 2, WebhookDeliveries.Outcome.PARKED));
    log.record(attempt(3, 1, WebhookDeliveries.Outcome.DELIVERED));
    assertEquals(
        List.of(
            attempt(3, 1, WebhookDeliveries.Outcome.DELIVERED),
            attempt(2, 2, WebhookDeliveries.Outcome.PARKED),
            attempt(1, 1, WebhookDeliveries.Outcome.RETRYING)),
        log.recent(tenant, 10));
    assertEquals(
        List.of(attempt(3, 1, WebhookDeliveries.Outcome.DELIVERED)), log.recent(tenant, 1));
    assertEquals(List.of(), log.recent("other-" + tenant, 10));
  }

  private WebhookDeliveries.DeadLetter letter(String id, int second, int attempts, int status) {
    return new WebhookDeliveries.DeadLetter(
        tenant,
        id,
        "wh_1",
        "c" + id + ".0",
        "user.deactivated",
        "{\"id\":\"c" + id + ".0\",\"data\":{\"displayName\":\"Zoë\"}}",
        attempts,
        Optional.of(status),
        "HTTP " + status,
        t0.plusSeconds(second));
  }

  @Test
  void deadLettersAreParkedListedReParkedAndRemoved() {
    WebhookDeliveries.DeadLetter a = letter("dl_00000000000000ff", 1, 1, 410);
    WebhookDeliveries.DeadLetter b = letter("dl_0000000000000001", 2, 30, 500);
    log.park(a);
    log.park(b);
    assertEquals(List.of(a, b), log.deadLetters(tenant), "oldest first, body exact");
    assertEquals(Optional.of(b), log.deadLetter(tenant, b.id()));
    assertEquals(List.of(), log.deadLetters("other-" + tenant));
    assertEquals(Optional.empty(), log.deadLetter("other-" + tenant, b.id()));

    WebhookDeliveries.DeadLetter again = letter(a.id(), 3, 2, 503);
    log.park(again);
    assertEquals(List.of(b, again), log.deadLetters(tenant), "re-parked in place");

    log.removeDeadLetter(tenant, b.id());
    log.removeDeadLetter(tenant, b.id());
    assertEquals(List.of(again), log.deadLetters(tenant));
    assertTrue(log.deadLetter(tenant, b.id()).isEmpty());
  }
}
