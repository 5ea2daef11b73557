package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.events.ProvisioningEvent;
import dev.scimserverless.core.events.ProvisioningEvents;
import dev.scimserverless.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Events function: the table's DynamoDB stream (filtered to change items, docs/events.md) to an
 * EventBridge bus. Each stream record that inserts a change item is turned into its events ({@link
 * ProvisioningEvents}), published in order ({@code source} {@code scim-serverless}, {@code
 * detail-type} the event type, {@code detail} the event). The answer is a partial batch response:
 * the first record whose events could not all be published, so Lambda retries from it and the
 * records before it are not sent again (per-shard order kept). A redelivered record yields the same
 * event ids.
 *
 * <p>With a webhook queue ({@code WEBHOOK_QUEUE_URL}) the events also become per-subscription
 * deliveries ({@link WebhookFanout}), in the same record's handling.
 *
 * <p>A stream event is parsed with Jackson, not with the Lambda events library's classes, so the
 * functions jar keeps only the API Gateway event classes.
 */
public final class EventsHandler extends ChangeStream {
  /** EventBridge's largest entry is 256 KB: an event over this keeps its data's id only. */
  static final int MAX_DETAIL_BYTES = 240_000;

  private final EventPublisher publisher;
  private final Optional<WebhookFanout> webhooks;

  /**
   * The constructor Lambda calls: the bus named by {@code EVENT_BUS_NAME}, and the webhook queue of
   * {@code WEBHOOK_QUEUE_URL} when set.
   */
  public EventsHandler() {
    this(EventBridgePublisher.fromEnvironment(), WebhookFanout.fromEnvironment());
  }

  public EventsHandler(EventPublisher publisher) {
    this(publisher, Optional.empty());
  }

  EventsHandler(EventPublisher publisher, Optional<WebhookFanout> webhooks) {
    this.publisher = publisher;
    this.webhooks = webhooks;
  }

  @Override
  String what() {
    return "publishing events";
  }

  @Override
  void handleRecord(JsonNode record) {
    List<ProvisioningEvent> events = events(record);
    if (!events.isEmpty()) {
      publisher.publish(events);
      webhooks.ifPresent(w -> w.queue(events)); // retried with the record: ids stay the same
    }
  }

  /** The events of a stream record: none unless it inserts a change item. */
  static List<ProvisioningEvent> events(JsonNode record) {
    return ChangeStream.insertedChange(record).map(ProvisioningEvents::of).orElse(List.of());
  }

  /** The detail of an event as EventBridge gets it: its JSON, its data cut to the id if too big. */
  static String detail(ProvisioningEvent event) {
    String text = event.toJsonText();
    if (text.length() <= MAX_DETAIL_BYTES / 3
        || text.getBytes(StandardCharsets.UTF_8).length <= MAX_DETAIL_BYTES) {
      return text;
    }
    ObjectNode json = event.toJson();
    json.set("data", Json.object().put("id", event.resourceId()));
    json.put("dataOmitted", true); // read the resource with GET
    return Json.write(json);
  }

  /** A stream image (DynamoDB JSON) as SDK attribute values. */
  static Map<String, AttributeValue> item(JsonNode image) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    image.fields().forEachRemaining(f -> out.put(f.getKey(), value(f.getValue())));
    return out;
  }

  private static AttributeValue value(JsonNode v) {
    if (v.has("S")) {
      return AttributeValue.fromS(v.get("S").asText());
    }
    if (v.has("N")) {
      return AttributeValue.fromN(v.get("N").asText());
    }
    if (v.has("BOOL")) {
      return AttributeValue.fromBool(v.get("BOOL").asBoolean());
    }
    if (v.has("NULL")) {
      return AttributeValue.fromNul(true);
    }
    if (v.has("L")) {
      List<AttributeValue> list = new ArrayList<>();
      v.get("L").forEach(e -> list.add(value(e)));
      return AttributeValue.fromL(list);
    }
    if (v.has("M")) {
      return AttributeValue.fromM(item(v.get("M")));
    }
    if (v.has("SS")) {
      List<String> list = new ArrayList<>();
      v.get("SS").forEach(e -> list.add(e.asText()));
      return AttributeValue.fromSs(list);
    }
    throw new IllegalArgumentException("unsupported attribute value: " + v.fieldNames().next());
  }

  /** Where the events go (EventBridge; tests: a list). */
  public interface EventPublisher {
    /**
     * Publishes the events of one change, in order.
     *
     * @throws RuntimeException when one of them was not published (the record is retried)
     */
    void publish(List<ProvisioningEvent> events);
  }
}
