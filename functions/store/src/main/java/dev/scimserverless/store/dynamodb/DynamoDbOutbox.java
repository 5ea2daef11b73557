package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.dynamodb.DynamoDbTable.PK_NAME;
import static dev.scimserverless.store.dynamodb.Keys.SK;
import static dev.scimserverless.store.dynamodb.Keys.key;
import static dev.scimserverless.store.dynamodb.Keys.s;

import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.store.KeyRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The read side of the table's outbox: a tenant's change items in commit order, relay cursors. */
final class DynamoDbOutbox implements ChangeOutbox {
  private final DynamoDbTable db;
  private final DynamoDbClient client;
  private final String table;
  private final Calls calls;

  DynamoDbOutbox(DynamoDbTable db) {
    this.db = db;
    this.client = db.client;
    this.table = db.table;
    this.calls = db.calls;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One strongly consistent Query of the tenant's trail from the cursor (the sort key {@code
   * {time}#{change id}}); the trail's other items (admin audit events) are skipped.
   */
  @Override
  public List<Entry> changesAfter(String tenant, Optional<String> afterCursor, int limit) {
    KeyRules.tenant(tenant);
    KeyRules.limit(limit);
    List<Entry> out = new ArrayList<>();
    Map<String, AttributeValue> start =
        afterCursor.map(c -> key(ChangeItems.trail(tenant), c)).orElse(null);
    do {
      QueryRequest.Builder q =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression("#pk = :pk")
              .expressionAttributeNames(PK_NAME)
              .expressionAttributeValues(Map.of(":pk", s(ChangeItems.trail(tenant))))
              .consistentRead(true)
              .limit(Math.min(1000, Math.max(1, limit - out.size())));
      if (start != null) {
        q.exclusiveStartKey(start);
      }
      QueryRequest request = q.build();
      QueryResponse page = calls.call(() -> client.query(request));
      for (Map<String, AttributeValue> item : page.items()) {
        if (ChangeItems.isChange(item)) {
          out.add(new Entry(item.get(SK).s(), ChangeItems.change(item)));
        }
      }
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty() && out.size() < limit);
    return out;
  }

  @Override
  public Optional<String> cursor(String tenant, String consumer) {
    KeyRules.tenant(tenant);
    return db.getItem(key(relay(tenant), consumer)).map(item -> item.get("cursor").s());
  }

  @Override
  public void saveCursor(String tenant, String consumer, String cursor) {
    KeyRules.tenant(tenant);
    Map<String, AttributeValue> item = new HashMap<>(key(relay(tenant), consumer));
    item.put("cursor", s(cursor));
    calls.call(() -> client.putItem(PutItemRequest.builder().tableName(table).item(item).build()));
  }

  /** The partition of the relays' cursors of a tenant. */
  private static String relay(String tenant) {
    return "T#" + tenant + "#RELAY";
  }
}
