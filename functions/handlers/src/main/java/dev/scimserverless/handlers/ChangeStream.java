package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.store.dynamodb.ChangeItems;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A function on the table's DynamoDB stream, as the stream functions read it (Events,
 * GroupCascade): the change item a record inserts, and a batch handled in order with a partial
 * batch response that names the first record that failed, so Lambda retries from it and the records
 * before it are not sent again (per-shard order kept). Parsed with Jackson, not the Lambda events
 * library's classes, so the functions jar keeps only the API Gateway event classes.
 */
public abstract class ChangeStream implements RequestStreamHandler {
  /** What the function does with a record, for the failure line ("publishing events"). */
  abstract String what();

  /** Handles one stream record; a failure makes it the batch's first failed record. */
  abstract void handleRecord(JsonNode record);

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = Json.mapper().readTree(input);
    output.write(Json.write(handle(event)).getBytes(StandardCharsets.UTF_8));
  }

  /** The partial batch response to a stream event. */
  final ObjectNode handle(JsonNode streamEvent) {
    return eachRecord(streamEvent, what(), this::handleRecord);
  }

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
