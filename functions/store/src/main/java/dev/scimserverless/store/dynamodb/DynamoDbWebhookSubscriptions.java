package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.core.store.WebhookSubscriptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Webhook subscriptions in the single table (docs/data-model.md): one item per subscription in the
 * tenant's {@code T#{tenant}#WEBHOOKS} partition, sort key = its id. A listing is one Query (a
 * tenant has at most a few).
 */
public final class DynamoDbWebhookSubscriptions implements WebhookSubscriptions {
  private final TableItems items;

  public DynamoDbWebhookSubscriptions(DynamoDbClient client, String table) {
    this.items = new TableItems(client, table);
  }

  @Override
  public void add(WebhookSubscription s) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.key(Keys.webhooks(s.tenant()), s.id()));
    item.put("url", Keys.s(s.url()));
    item.put("types", AttributeValue.fromL(s.types().stream().map(Keys::s).toList()));
    item.put("secret", Keys.s(s.secret()));
    item.put("created", Keys.s(s.created().toString()));
    try {
      items.putIf(item, "attribute_not_exists(pk)");
    } catch (ConditionalCheckFailedException e) {
      throw new StoreException.UniquenessConflict("id");
    }
  }

  @Override
  public List<WebhookSubscription> list(String tenant) {
    List<WebhookSubscription> out = new ArrayList<>();
    items.partition(Keys.webhooks(tenant), item -> out.add(subscription(tenant, item)), () -> true);
    out.sort(Comparator.comparing(WebhookSubscription::created));
    return out;
  }

  @Override
  public Optional<WebhookSubscription> get(String tenant, String id) {
    return items.get(Keys.key(Keys.webhooks(tenant), id)).map(item -> subscription(tenant, item));
  }

  @Override
  public void remove(String tenant, String id) {
    try {
      items.deleteIf(Keys.key(Keys.webhooks(tenant), id), "attribute_exists(pk)");
    } catch (ConditionalCheckFailedException e) {
      throw new StoreException.NotFound("tenant " + tenant + " has no webhook " + id);
    }
  }

  private static WebhookSubscription subscription(String tenant, Map<String, AttributeValue> item) {
    return new WebhookSubscription(
        tenant,
        item.get(Keys.SK).s(),
        item.get("url").s(),
        item.get("types").l().stream().map(AttributeValue::s).toList(),
        item.get("secret").s(),
        Instant.parse(item.get("created").s()));
  }
}
