package dev.scimserverless.store.dynamodb;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The plain item calls of the small adapters (webhooks, console sessions, provisioning log) on one
 * table: PutItem, strongly consistent GetItem, DeleteItem and a paged Query, each mapping SDK
 * failures with {@link DynamoDbErrors#map}. A false condition stays a {@code
 * ConditionalCheckFailedException} for the caller to translate.
 */
final class TableItems {
  private final DynamoDbClient client;
  private final String table;

  TableItems(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  /** PutItem of {@code item}, overwriting. */
  void put(Map<String, AttributeValue> item) {
    putIf(item, null);
  }

  /** PutItem of {@code item} under {@code condition} (none if {@code null}). */
  void putIf(Map<String, AttributeValue> item, String condition) {
    try {
      client.putItem(b -> b.tableName(table).item(item).conditionExpression(condition));
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  /** Strongly consistent GetItem: the item, or empty when there is none. */
  Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
    Map<String, AttributeValue> item;
    try {
      item = client.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /** DeleteItem of {@code key} (no failure when there is none). */
  void delete(Map<String, AttributeValue> key) {
    deleteIf(key, null);
  }

  /** DeleteItem of {@code key} under {@code condition} (none if {@code null}). */
  void deleteIf(Map<String, AttributeValue> key, String condition) {
    try {
      client.deleteItem(b -> b.tableName(table).key(key).conditionExpression(condition));
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  /** A strongly consistent Query of the whole partition {@code pk}, page by page. */
  void partition(String pk, Consumer<Map<String, AttributeValue>> each, BooleanSupplier more) {
    query(
        b ->
            b.keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Keys.s(pk)))
                .consistentRead(true),
        item -> {
          each.accept(item);
          return true;
        },
        more);
  }

  /**
   * A Query that {@code request} describes (the table and the start key are set here), page by
   * page: each item goes to {@code each}, which returns false to stop there; the next page is read
   * while there is one and {@code more} says so.
   */
  void query(
      Consumer<QueryRequest.Builder> request,
      Predicate<Map<String, AttributeValue>> each,
      BooleanSupplier more) {
    try {
      Map<String, AttributeValue> start = null;
      do {
        QueryRequest.Builder b = QueryRequest.builder();
        request.accept(b);
        b.tableName(table);
        if (start != null) {
          b.exclusiveStartKey(start);
        }
        QueryResponse r = client.query(b.build());
        for (Map<String, AttributeValue> item : r.items()) {
          if (!each.test(item)) {
            return;
          }
        }
        start =
            r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                ? r.lastEvaluatedKey()
                : null;
      } while (start != null && more.getAsBoolean());
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }
}
