package dev.scimserverless.local;

import dev.scimserverless.core.events.DeadLetters;
import dev.scimserverless.core.events.OutboxRelay;
import dev.scimserverless.core.events.RetryPolicy;
import dev.scimserverless.core.events.WebhookSink;
import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The local endpoint's event delivery ({@code --webhook}): the store's outbox relayed to one
 * webhook URL for every tenant, with Standard Webhooks headers and the retry rules of {@link
 * RetryPolicy}. On DynamoDB the outbox is read with a lookback (its order is the writers' time
 * order; docs/data-model.md).
 */
public final class LocalEvents implements AutoCloseable {
  /** The cursor name of the local webhook relay. */
  public static final String CONSUMER = "local-webhook";

  /** How far the DynamoDB outbox's time order may lag commit order (the relay reads again). */
  public static final Duration DYNAMODB_LOOKBACK = Duration.ofSeconds(2);

  private final OutboxRelay relay;
  private final WebhookSink sink;

  private LocalEvents(OutboxRelay relay, WebhookSink sink) {
    this.relay = relay;
    this.sink = sink;
  }

  /**
   * Starts relaying.
   *
   * @param outbox the store's outbox
   * @param directory its tenants (every enabled one is relayed)
   * @param url the webhook
   * @param secret its {@code whsec_} secret
   * @param retry the retry rules
   * @param lookback {@link Duration#ZERO} in memory, {@link #DYNAMODB_LOOKBACK} on DynamoDB
   * @param poll how often an idle tenant's outbox is read
   */
  public static LocalEvents start(
      ChangeOutbox outbox,
      TenantDirectory directory,
      URI url,
      String secret,
      RetryPolicy retry,
      Duration lookback,
      Duration poll) {
    WebhookSink sink =
        new WebhookSink(
            tenant -> Optional.of(new WebhookSink.Endpoint(url, secret)), retry, new DeadLetters());
    OutboxRelay relay =
        new OutboxRelay(outbox, () -> enabledTenants(directory), CONSUMER, sink, poll, lookback);
    relay.start();
    return new LocalEvents(relay, sink);
  }

  private static List<String> enabledTenants(TenantDirectory directory) {
    return directory.listTenants().stream().filter(t -> !t.disabled()).map(Tenant::id).toList();
  }

  /** Deliveries given up (with their last status). */
  public DeadLetters deadLetters() {
    return sink.deadLetters();
  }

  @Override
  public void close() {
    relay.close();
  }
}
