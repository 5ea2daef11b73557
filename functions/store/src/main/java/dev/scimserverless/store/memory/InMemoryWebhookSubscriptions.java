package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.core.store.WebhookSubscriptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Webhook subscriptions in memory (local endpoint, tests): per tenant, in the order added. */
public final class InMemoryWebhookSubscriptions implements WebhookSubscriptions {
  private final Map<String, Map<String, WebhookSubscription>> byTenant = new LinkedHashMap<>();

  @Override
  public synchronized void add(WebhookSubscription s) {
    Map<String, WebhookSubscription> subs =
        byTenant.computeIfAbsent(s.tenant(), t -> new LinkedHashMap<>());
    if (subs.containsKey(s.id())) {
      throw new StoreException.UniquenessConflict("id");
    }
    subs.put(s.id(), s);
  }

  @Override
  public synchronized List<WebhookSubscription> list(String tenant) {
    return new ArrayList<>(byTenant.getOrDefault(tenant, Map.of()).values());
  }

  @Override
  public synchronized Optional<WebhookSubscription> get(String tenant, String id) {
    return Optional.ofNullable(byTenant.getOrDefault(tenant, Map.of()).get(id));
  }

  @Override
  public synchronized void remove(String tenant, String id) {
    Map<String, WebhookSubscription> subs = byTenant.get(tenant);
    if (subs == null || subs.remove(id) == null) {
      throw new StoreException.NotFound("tenant " + tenant + " has no webhook " + id);
    }
  }
}
