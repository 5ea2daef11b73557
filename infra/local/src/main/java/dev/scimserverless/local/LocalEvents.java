package dev.scimserverless.local;

import dev.scimserverless.core.events.OutboxRelay;
import dev.scimserverless.core.events.RetryPolicy;
import dev.scimserverless.core.events.WebhookSink;
import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.core.store.WebhookSubscriptions;
import dev.scimserverless.store.memory.InMemoryWebhookDeliveries;
import dev.scimserverless.store.memory.InMemoryWebhookSubscriptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local endpoint's event delivery: the store's outbox relayed, with Standard Webhooks headers
 * and the retry rules of {@link RetryPolicy}, to every tenant's webhook subscriptions (each its own
 * lane: its own cursor, worker and order) and, with {@code --webhook}, to one URL for every tenant.
 * On DynamoDB the outbox is read with a lookback (its order is the writers' time order;
 * docs/data-model.md).
 */
public final class LocalEvents implements AutoCloseable {
  /** The cursor name of the local webhook relay. */
  public static final String CONSUMER = "local-webhook";

  /** The cursor name prefix of a subscription's lane ({@code webhook:wh_…}). */
  public static final String SUBSCRIPTION_CONSUMER = "webhook:";

  /** How far the DynamoDB outbox's time order may lag commit order (the relay reads again). */
  public static final Duration DYNAMODB_LOOKBACK = Duration.ofSeconds(2);

  private final OutboxRelay relay;
  private final WebhookSink sink;

  private LocalEvents(OutboxRelay relay, WebhookSink sink) {
    this.relay = relay;
    this.sink = sink;
  }

  /** {@code --webhook} alone: one URL for every tenant, attempts and dead letters in memory. */
  public static LocalEvents start(
      ChangeOutbox outbox,
      TenantDirectory directory,
      URI url,
      String secret,
      RetryPolicy retry,
      Duration lookback,
      Duration poll) {
    return start(
        outbox,
        directory,
        Optional.of(new WebhookSink.Endpoint(url, secret)),
        new InMemoryWebhookSubscriptions(),
        new InMemoryWebhookDeliveries(),
        retry,
        lookback,
        poll);
  }

  /**
   * Starts relaying.
   *
   * @param outbox the store's outbox
   * @param directory its tenants (every enabled one is relayed)
   * @param webhook the {@code --webhook} URL and secret, for every tenant
   * @param subscriptions the tenants' subscriptions (read again every second)
   * @param deliveries where attempts are recorded and given-up deliveries parked
   * @param retry the retry rules
   * @param lookback {@link Duration#ZERO} in memory, {@link #DYNAMODB_LOOKBACK} on DynamoDB
   * @param poll how often an idle lane's outbox is read
   */
  public static LocalEvents start(
      ChangeOutbox outbox,
      TenantDirectory directory,
      Optional<WebhookSink.Endpoint> webhook,
      WebhookSubscriptions subscriptions,
      WebhookDeliveries deliveries,
      RetryPolicy retry,
      Duration lookback,
      Duration poll) {
    WebhookSink sink = new WebhookSink(retry, deliveries);
    Map<String, OutboxRelay.Lane> lanes = new ConcurrentHashMap<>();
    OutboxRelay relay =
        new OutboxRelay(
            outbox, () -> lanes(directory, webhook, subscriptions, sink, lanes), poll, lookback);
    relay.start();
    return new LocalEvents(relay, sink);
  }

  /** Every enabled tenant's lanes: the {@code --webhook} one, and one per subscription. */
  private static List<OutboxRelay.Lane> lanes(
      TenantDirectory directory,
      Optional<WebhookSink.Endpoint> webhook,
      WebhookSubscriptions subscriptions,
      WebhookSink sink,
      Map<String, OutboxRelay.Lane> known) {
    List<OutboxRelay.Lane> out = new ArrayList<>();
    for (Tenant t : directory.listTenants()) {
      if (t.disabled()) {
        continue;
      }
      webhook.ifPresent(
          w -> out.add(new OutboxRelay.Lane(t.id(), CONSUMER, sink.to(w), () -> true)));
      for (WebhookSubscription s : subscriptions.list(t.id())) {
        out.add(
            known.computeIfAbsent(
                t.id() + "\u0000" + s.id(),
                k ->
                    new OutboxRelay.Lane(
                        t.id(),
                        SUBSCRIPTION_CONSUMER + s.id(),
                        sink.to(WebhookSink.Endpoint.of(s)),
                        () -> subscriptions.get(t.id(), s.id()).isPresent())));
      }
    }
    return out;
  }

  /** Where attempts and dead letters go. */
  public WebhookDeliveries deliveries() {
    return sink.deliveries();
  }

  @Override
  public void close() {
    relay.close();
  }
}
