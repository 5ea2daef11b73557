package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscriptions;
import dev.scimserverless.store.WebhookStoresContract;

class InMemoryWebhookStoresTest extends WebhookStoresContract {
  @Override
  protected WebhookSubscriptions newSubscriptions() {
    return new InMemoryWebhookSubscriptions();
  }

  @Override
  protected WebhookDeliveries newDeliveries() {
    return new InMemoryWebhookDeliveries();
  }
}
