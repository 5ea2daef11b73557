package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;

/**
 * One delivery to make, as the Webhooks function queues it for the WebhookDelivery function: an
 * event for one subscription, its body exactly as it will be signed.
 *
 * @param tenant the organization
 * @param webhook the subscription id
 * @param eventId the event's id (its {@code webhook-id})
 * @param type the event's type
 * @param body the event's JSON
 */
record WebhookMessage(String tenant, String webhook, String eventId, String type, String body) {

  /** The FIFO group: one per subscription, so order holds per subscription and nowhere else. */
  String group() {
    return tenant + "#" + webhook;
  }

  /** The FIFO deduplication id (≤ 128 characters): a stream retry does not deliver twice. */
  String deduplicationId() {
    String id = webhook + ":" + eventId;
    return id.length() <= 128 ? id : id.substring(0, 128);
  }

  String toJson() {
    ObjectNode n = Json.object();
    n.put("tenant", tenant);
    n.put("webhook", webhook);
    n.put("eventId", eventId);
    n.put("type", type);
    n.put("body", body);
    return Json.write(n);
  }

  static WebhookMessage fromJson(String text) {
    JsonNode n = Json.parse(text);
    return new WebhookMessage(
        n.path("tenant").asText(),
        n.path("webhook").asText(),
        n.path("eventId").asText(),
        n.path("type").asText(),
        n.path("body").asText());
  }
}
