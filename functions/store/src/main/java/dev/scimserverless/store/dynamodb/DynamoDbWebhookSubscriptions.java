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
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Webhook subscriptions in the single table (docs/data-model.md): one item per subscription in the
 * tenant's {@code T#{tenant}#WEBHOOKS} partition, sort key = its id. A listing is one Query (a
 * tenant has at most a few).
 */
public final class DynamoDbWebhookSubscriptions implements WebhookSubscriptions {
  private final DynamoDbClient client;
  private final String table;

  public DynamoDbWebhookSubscriptions(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  @Override
  public void add(WebhookSubscription s) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.key(Keys.webhooks(s.tenant()), s.id()));
    item.put("url", Keys.s(s.url()));
    item.put("types", AttributeValue.fromL(s.types().stream().map(Keys::s).toList()));
    item.put("secret", Keys.s(s.secret()));
    item.put("created", Keys.s(s.created().toString()));
    try {
      client.putItem(
          b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException e) {
      throw new StoreException.UniquenessConflict("id");
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  @Override
  public List<WebhookSubscription> list(String tenant) {
    List<WebhookSubscription> out = new ArrayList<>();
    try {
      Map<String, AttributeValue> start = null;
      do {
        Map<String, AttributeValue> from = start;
        QueryResponse r =
            client.query(
                b -> {
                  b.tableName(table)
                      .keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(Map.of(":pk", Keys.s(Keys.webhooks(tenant))))
                      .consistentRead(true);
                  if (from != null) {
                    b.exclusiveStartKey(from);
                  }
                });
        r.items().forEach(item -> out.add(subscription(tenant, item)));
        start =
            r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                ? r.lastEvaluatedKey()
                : null;
      } while (start != null);
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
    out.sort(Comparator.comparing(WebhookSubscription::created));
    return out;
  }

  @Override
  public Optional<WebhookSubscription> get(String tenant, String id) {
    try {
      Map<String, AttributeValue> item =
          client
              .getItem(
                  b ->
                      b.tableName(table)
                          .key(Keys.key(Keys.webhooks(tenant), id))
                          .consistentRead(true))
              .item();
      return item == null || item.isEmpty()
          ? Optional.empty()
          : Optional.of(subscription(tenant, item));
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  @Override
  public void remove(String tenant, String id) {
    try {
      client.deleteItem(
          b ->
              b.tableName(table)
                  .key(Keys.key(Keys.webhooks(tenant), id))
                  .conditionExpression("attribute_exists(pk)"));
    } catch (ConditionalCheckFailedException e) {
      throw new StoreException.NotFound("tenant " + tenant + " has no webhook " + id);
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
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
