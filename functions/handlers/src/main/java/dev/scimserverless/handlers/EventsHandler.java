package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.events.ProvisioningEvent;
import dev.scimserverless.core.events.ProvisioningEvents;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.store.dynamodb.ChangeItems;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>A stream event is parsed with Jackson, not with the Lambda events library's classes, so the
 * functions jar keeps only the API Gateway event classes.
 */
public final class EventsHandler implements RequestStreamHandler {
  /** EventBridge's largest entry is 256 KB: an event over this keeps its data's id only. */
  static final int MAX_DETAIL_BYTES = 240_000;

  private final EventPublisher publisher;

  /** The constructor Lambda calls: the bus named by {@code EVENT_BUS_NAME}. */
  public EventsHandler() {
    this(EventBridgePublisher.fromEnvironment());
  }

  public EventsHandler(EventPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = Json.mapper().readTree(input);
    output.write(Json.write(handle(event)).getBytes(StandardCharsets.UTF_8));
  }

  /** The partial batch response to a stream event. */
  ObjectNode handle(JsonNode streamEvent) {
    ObjectNode response = Json.object();
    var failures = response.putArray("batchItemFailures");
    for (JsonNode record : streamEvent.path("Records")) {
      String sequence = record.path("dynamodb").path("SequenceNumber").asText("");
      try {
        List<ProvisioningEvent> events = events(record);
        if (!events.isEmpty()) {
          publisher.publish(events);
        }
      } catch (RuntimeException e) {
        System.err.println(
            "{\"level\":\"ERROR\",\"message\":\"events not published\",\"sequenceNumber\":\""
                + sequence
                + "\",\"error\":\""
                + e.getClass().getSimpleName()
                + "\"}");
        failures.addObject().put("itemIdentifier", sequence);
        break; // Lambda retries from this record; the later ones come again with it
      }
    }
    return response;
  }

  /** The events of a stream record: none unless it inserts a change item. */
  static List<ProvisioningEvent> events(JsonNode record) {
    if (!"INSERT".equals(record.path("eventName").asText())) {
      return List.of();
    }
    JsonNode image = record.path("dynamodb").path("NewImage");
    if (!image.isObject()) {
      return List.of();
    }
    Map<String, AttributeValue> item = item(image);
    if (!ChangeItems.isChange(item)) {
      return List.of();
    }
    ProvisioningChange change = ChangeItems.change(item);
    return ProvisioningEvents.of(change);
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
