package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import java.util.Optional;

/**
 * The GroupCascade function: a deleted group's membership items, removed after the DELETE has
 * answered (docs/data-model.md, "Delete cascades"). It reads the table's stream, filtered in
 * template.yaml to the change items of group deletes, and runs the cascade of each (idempotent: a
 * redelivered record deletes nothing twice). A partial batch response names the first record whose
 * cascade failed, so Lambda retries from it; after the retries the record goes to the dead letter
 * queue, and {@code scim-admin check --repair} finishes such a cascade.
 */
public final class GroupCascadeHandler extends ChangeStream {
  private final DynamoDbStore store;

  /** The constructor Lambda calls: the table of the environment. */
  public GroupCascadeHandler() {
    this(FunctionEnvironment.store());
  }

  public GroupCascadeHandler(DynamoDbStore store) {
    this.store = store;
  }

  @Override
  String what() {
    return "group cascade";
  }

  @Override
  void handleRecord(JsonNode record) {
    deletedGroup(record)
        .ifPresent(c -> store.finishGroupDelete(TenantId.of(c.tenant()), c.resourceId()));
  }

  /** The change of a stream record when it inserts a group's delete change item. */
  static Optional<ProvisioningChange> deletedGroup(JsonNode record) {
    return ChangeStream.insertedChange(record)
        .filter(
            c ->
                c.resourceType().membership() == ResourceType.Membership.GROUP
                    && c.operation() == ProvisioningChange.Operation.DELETE);
  }
}
