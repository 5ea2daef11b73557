package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.store.dynamodb.DynamoDbStore;

/** Test access to {@link GroupCascadeHandler#handle} from the local endpoint's tests. */
public final class GroupCascadeHandlerAccess {
  private GroupCascadeHandlerAccess() {}

  public static JsonNode handle(DynamoDbStore store, JsonNode streamEvent) {
    return new GroupCascadeHandler(store).handle(streamEvent);
  }
}
