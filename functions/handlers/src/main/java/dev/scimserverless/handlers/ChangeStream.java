package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.store.dynamodb.ChangeItems;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table's DynamoDB stream as the stream functions read it (Events, GroupCascade): the change
 * item a record inserts, and a batch handled in order with a partial batch response that names the
 * first record that failed, so Lambda retries from it and the records before it are not sent again
 * (per-shard order kept). Parsed with Jackson, not the Lambda events library's classes, so the
 * functions jar keeps only the API Gateway event classes.
 */
final class ChangeStream {
  private ChangeStream() {}

  /** Handles each record in order; the partial batch response of the batch. */
  static ObjectNode eachRecord(JsonNode streamEvent, String what, Consumer<JsonNode> handler) {
    ObjectNode response = Json.object();
    var failures = response.putArray("batchItemFailures");
    for (JsonNode record : streamEvent.path("Records")) {
      String sequence = record.path("dynamodb").path("SequenceNumber").asText("");
      try {
        handler.accept(record);
      } catch (RuntimeException e) {
        System.err.println(
            "{\"level\":\"ERROR\",\"message\":\""
                + what
                + " failed\",\"sequenceNumber\":\""
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

  /** The change a stream record inserts, if it inserts a change item. */
  static Optional<ProvisioningChange> insertedChange(JsonNode record) {
    if (!"INSERT".equals(record.path("eventName").asText())) {
      return Optional.empty();
    }
    JsonNode image = record.path("dynamodb").path("NewImage");
    if (!image.isObject()) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = EventsHandler.item(image);
    return ChangeItems.isChange(item) ? Optional.of(ChangeItems.change(item)) : Optional.empty();
  }
}
