package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.store.dynamodb.ChangeItems;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The GroupCascade function: a deleted group's membership items, removed after the DELETE has
 * answered (docs/data-model.md, "Delete cascades"). It reads the table's stream, filtered in
 * template.yaml to the change items of group deletes, and runs the cascade of each (idempotent: a
 * redelivered record deletes nothing twice). A partial batch response names the first record whose
 * cascade failed, so Lambda retries from it; after the retries the record goes to the dead letter
 * queue, and {@code scim-admin check --repair} finishes such a cascade.
 */
public final class GroupCascadeHandler implements RequestStreamHandler {
  private final DynamoDbStore store;

  /** The constructor Lambda calls: the table of the environment. */
  public GroupCascadeHandler() {
    this(FunctionEnvironment.store());
  }

  public GroupCascadeHandler(DynamoDbStore store) {
    this.store = store;
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
        deletedGroup(record).ifPresent(c -> store.finishGroupDelete(c.tenant(), c.resourceId()));
      } catch (RuntimeException e) {
        System.err.println(
            "{\"level\":\"ERROR\",\"message\":\"group cascade failed\",\"sequenceNumber\":\""
                + sequence
                + "\",\"error\":\""
                + e.getClass().getSimpleName()
                + "\"}");
        failures.addObject().put("itemIdentifier", sequence);
        break;
      }
    }
    return response;
  }

  /** The change of a stream record when it inserts a group's delete change item. */
  static Optional<ProvisioningChange> deletedGroup(JsonNode record) {
    if (!"INSERT".equals(record.path("eventName").asText())) {
      return Optional.empty();
    }
    JsonNode image = record.path("dynamodb").path("NewImage");
    if (!image.isObject()) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = EventsHandler.item(image);
    if (!ChangeItems.isChange(item)) {
      return Optional.empty();
    }
    ProvisioningChange change = ChangeItems.change(item);
    return change.resourceType() == ResourceType.GROUP
            && change.operation() == ProvisioningChange.Operation.DELETE
        ? Optional.of(change)
        : Optional.empty();
  }
}
