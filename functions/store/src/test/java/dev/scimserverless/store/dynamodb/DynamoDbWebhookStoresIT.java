package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscriptions;
import dev.scimserverless.store.WebhookStoresContract;

class DynamoDbWebhookStoresIT extends WebhookStoresContract {
  private String table;

  private String table() {
    if (table == null) {
      table = Dynoxide.shared().freshTable();
    }
    return table;
  }

  @Override
  protected WebhookSubscriptions newSubscriptions() {
    table = null;
    return new DynamoDbWebhookSubscriptions(Dynoxide.shared().client(), table());
  }

  @Override
  protected WebhookDeliveries newDeliveries() {
    return new DynamoDbWebhookDeliveries(Dynoxide.shared().client(), table());
  }
}
