package dev.scimserverless.local;

import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Provisioning events on DynamoDB (Dynoxide): the outbox items relayed by a cursor Query. */
class DynamoDbEventsIT extends EventsContract {
  private DynamoDbStore store;

  @Override
  protected LocalEndpoint startEndpoint(Map<String, String> tenants) throws IOException {
    Dynoxide dynoxide = Dynoxide.shared();
    store = new DynamoDbStore(dynoxide.client(), dynoxide.freshTable());
    return LocalEndpoint.start(0, store, tenants);
  }

  @Override
  protected ChangeOutbox outbox() {
    return store;
  }

  @Override
  protected TenantDirectory directory() {
    return store;
  }

  @Override
  protected Duration lookback() {
    return LocalEvents.DYNAMODB_LOOKBACK;
  }
}
