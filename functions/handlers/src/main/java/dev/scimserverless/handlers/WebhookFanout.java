package dev.scimserverless.handlers;

import dev.scimserverless.core.events.ProvisioningEvent;
import dev.scimserverless.core.events.WebhookSink;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.core.store.WebhookSubscriptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The webhook half of the Events function (docs/events.md): each change's events become one message
 * per subscription of the tenant that takes the event, on the SQS FIFO queue in the subscription's
 * own group ({@code tenant#wh_…}). It runs in the Events function because the table's stream has
 * two consumers already (Events, GroupCascade) and DynamoDB serves at most two per shard. Delivery
 * is the WebhookDelivery function's: a slow consumer holds only its group, never the stream,
 * another subscription or another tenant. A failed send fails the stream record (retried; the
 * deduplication id keeps a re-sent message from being delivered twice within SQS's five minutes).
 */
public final class WebhookFanout {
  private final WebhookSubscriptions subscriptions;
  private final WebhookQueue queue;

  /** With {@code WEBHOOK_QUEUE_URL}: the table of {@code TABLE_NAME}; without: none. */
  static Optional<WebhookFanout> fromEnvironment() {
    String url = System.getenv("WEBHOOK_QUEUE_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new WebhookFanout(
            FunctionEnvironment.webhookSubscriptions(), SqsWebhookQueue.fromEnvironment()));
  }

  WebhookFanout(WebhookSubscriptions subscriptions, WebhookQueue queue) {
    this.subscriptions = subscriptions;
    this.queue = queue;
  }

  /** Queues the deliveries of one change's events, in order. */
  void queue(List<ProvisioningEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    String tenant = events.get(0).tenant();
    List<WebhookSubscription> subs = subscriptions.list(tenant);
    List<WebhookMessage> messages = new ArrayList<>();
    for (ProvisioningEvent event : events) {
      String body = null;
      for (WebhookSubscription s : subs) {
        if (WebhookSink.Endpoint.of(s).wants(event)) {
          if (body == null) {
            body = EventsHandler.detail(event); // SQS takes 256 KB: a huge one keeps data's id
          }
          messages.add(new WebhookMessage(tenant, s.id(), event.id(), event.type(), body));
        }
      }
    }
    if (!messages.isEmpty()) {
      queue.send(messages);
    }
  }
}
