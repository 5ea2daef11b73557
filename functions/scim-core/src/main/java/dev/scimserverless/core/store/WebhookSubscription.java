package dev.scimserverless.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's webhook subscription: where its provisioning events go (docs/events.md).
 *
 * @param tenant the organization
 * @param id {@code wh_…}
 * @param url the endpoint (https, or http on localhost for development)
 * @param types the event types delivered; empty for all
 * @param secret the Standard Webhooks secret {@code whsec_…} (blank in listings)
 * @param created when it was added; events of changes before it are not delivered to it
 */
public record WebhookSubscription(
    String tenant, String id, String url, List<String> types, String secret, Instant created) {
  public WebhookSubscription {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    types = List.copyOf(types);
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(created, "created");
  }

  /** Whether an event of this type goes to this subscription. */
  public boolean wants(String type) {
    return types.isEmpty() || types.contains(type);
  }

  /** The subscription without its secret, for listings. */
  public WebhookSubscription withoutSecret() {
    return new WebhookSubscription(tenant, id, url, types, "", created);
  }
}
