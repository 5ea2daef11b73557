package dev.scimserverless.local;

import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.DynamoDbWebhookDeliveries;
import dev.scimserverless.store.dynamodb.DynamoDbWebhookSubscriptions;
import dev.scimserverless.store.dynamodb.Dynoxide;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Provisioning events on DynamoDB (Dynoxide): the outbox items relayed by a cursor Query. */
class DynamoDbEventsIT extends EventsContract {
  private DynamoDbStore store;
  private LocalEndpoint.Settings settings;

  @Override
  protected LocalEndpoint startEndpoint(Map<String, String> tenants) throws IOException {
    Dynoxide dynoxide = Dynoxide.shared();
    String table = dynoxide.freshTable();
    store = new DynamoDbStore(dynoxide.client(), table);
    settings =
        LocalEndpoint.Settings.defaults()
            .withWebhooks(
                new DynamoDbWebhookSubscriptions(dynoxide.client(), table),
                new DynamoDbWebhookDeliveries(dynoxide.client(), table));
    return LocalEndpoint.start(0, store, tenants, settings);
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
  protected LocalEndpoint.Settings settings() {
    return settings;
  }

  @Override
  protected Duration lookback() {
    return LocalEvents.DYNAMODB_LOOKBACK;
  }
}
