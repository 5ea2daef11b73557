package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.events.RetryPolicy;
import dev.scimserverless.core.events.WebhookSink;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.core.store.WebhookSubscriptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The WebhookDelivery function, on the SQS FIFO queue of the Webhooks function (docs/events.md):
 * one attempt per message with {@link WebhookSink#attempt} — the same signing, retry and parking
 * rules as the local relay. Delivered (or parked as a dead letter, or its subscription removed):
 * the message is done. To be retried: its visibility is set to the backoff
 * (ChangeMessageVisibility) and it is reported failed with every later message of its group in the
 * batch, so the group waits, in order; other groups (subscriptions, tenants) go on. The first
 * attempt's time is the message's {@code SentTimestamp}, the attempt number its receive count.
 */
public final class WebhookDeliveryHandler implements RequestStreamHandler {
  private final WebhookSubscriptions subscriptions;
  private final WebhookSink sink;
  private final WebhookQueue queue;

  /** The constructor Lambda calls: the table of {@code TABLE_NAME}, {@code WEBHOOK_QUEUE_URL}. */
  public WebhookDeliveryHandler() {
    this(
        FunctionEnvironment.webhookSubscriptions(),
        new WebhookSink(RetryPolicy.STANDARD, FunctionEnvironment.webhookDeliveries()),
        SqsWebhookQueue.fromEnvironment());
  }

  WebhookDeliveryHandler(WebhookSubscriptions subscriptions, WebhookSink sink, WebhookQueue queue) {
    this.subscriptions = subscriptions;
    this.sink = sink;
    this.queue = queue;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = Json.mapper().readTree(input);
    output.write(Json.write(handle(event)).getBytes(StandardCharsets.UTF_8));
  }

  /** The partial batch response to an SQS event. */
  ObjectNode handle(JsonNode sqsEvent) {
    ObjectNode response = Json.object();
    ArrayNode failures = response.putArray("batchItemFailures");
    Set<String> waiting = new HashSet<>();
    for (JsonNode record : sqsEvent.path("Records")) {
      String messageId = record.path("messageId").asText();
      String group = record.path("attributes").path("MessageGroupId").asText("");
      if (waiting.contains(group)) {
        failures.addObject().put("itemIdentifier", messageId); // after its group's retry, in order
        continue;
      }
      try {
        if (!deliver(record)) {
          waiting.add(group);
          failures.addObject().put("itemIdentifier", messageId);
        }
      } catch (RuntimeException e) {
        System.err.println(
            "{\"level\":\"ERROR\",\"message\":\"webhook delivery failed\",\"messageId\":\""
                + messageId
                + "\",\"error\":\""
                + e.getClass().getSimpleName()
                + "\"}");
        waiting.add(group);
        failures.addObject().put("itemIdentifier", messageId);
      }
    }
    return response;
  }

  /** One attempt: true when the message is done, false when it is to be retried. */
  private boolean deliver(JsonNode record) {
    WebhookMessage m = WebhookMessage.fromJson(record.path("body").asText());
    Optional<WebhookSubscription> s = subscriptions.get(m.tenant(), m.webhook());
    if (s.isEmpty()) {
      return true; // removed: nothing more goes to it
    }
    JsonNode attributes = record.path("attributes");
    int attempt = Math.max(1, attributes.path("ApproximateReceiveCount").asInt(1));
    Instant first =
        Instant.ofEpochMilli(attributes.path("SentTimestamp").asLong(System.currentTimeMillis()));
    WebhookDeliveries.Outcome outcome =
        sink.attempt(
            WebhookSink.Endpoint.of(s.get()),
            m.tenant(),
            m.eventId(),
            m.type(),
            m.body(),
            attempt,
            first);
    if (outcome != WebhookDeliveries.Outcome.RETRYING) {
      return true;
    }
    queue.retryIn(record.path("receiptHandle").asText(), sink.retryPolicy().delay(attempt));
    return false;
  }
}
