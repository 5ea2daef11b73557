package dev.scimserverless.core.store;

import java.util.List;
import java.util.Optional;

/**
 * The store port for tenants' webhook subscriptions (with their secrets). The rules (URL, types,
 * how many per tenant) are the admin service's; an adapter only keeps them.
 */
public interface WebhookSubscriptions {

  /** Stores a new subscription. @throws StoreException.UniquenessConflict if its id exists */
  void add(WebhookSubscription subscription);

  /** The tenant's subscriptions, oldest first. */
  List<WebhookSubscription> list(String tenant);

  Optional<WebhookSubscription> get(String tenant, String id);

  /** Removes a subscription. @throws StoreException.NotFound if the tenant has no such one */
  void remove(String tenant, String id);
}
