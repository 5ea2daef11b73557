package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.events.ProvisioningEvent;
import dev.scimserverless.core.events.WebhookSink;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.core.store.WebhookSubscriptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The Webhooks function, the table stream's second consumer (docs/events.md): each inserted change
 * item becomes its events ({@link EventsHandler#events}, the same code as the Events function), and
 * each event one message per subscription of the tenant that takes it, on the SQS FIFO queue in the
 * subscription's own group ({@code tenant#wh_…}). Delivery is the WebhookDelivery function's: a
 * slow consumer holds only its group, never the stream, another subscription or another tenant. A
 * failed send is the batch's first failed record (retried; the deduplication id keeps a re-sent
 * message from being delivered twice within SQS's five minutes).
 */
public final class WebhooksHandler extends ChangeStream {
  private final WebhookSubscriptions subscriptions;
  private final WebhookQueue queue;

  /** The constructor Lambda calls: the table of {@code TABLE_NAME}, {@code WEBHOOK_QUEUE_URL}. */
  public WebhooksHandler() {
    this(FunctionEnvironment.webhookSubscriptions(), SqsWebhookQueue.fromEnvironment());
  }

  WebhooksHandler(WebhookSubscriptions subscriptions, WebhookQueue queue) {
    this.subscriptions = subscriptions;
    this.queue = queue;
  }

  @Override
  String what() {
    return "queueing webhook deliveries";
  }

  @Override
  void handleRecord(JsonNode record) {
    List<ProvisioningEvent> events = EventsHandler.events(record);
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
