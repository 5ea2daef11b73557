package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.dynamodb.Keys.PK;
import static dev.scimserverless.store.dynamodb.Keys.s;

import dev.scimserverless.store.dynamodb.Calls.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The table the DynamoDB adapters share: client, name and bounded {@link Calls}, with the reads and
 * write actions every port's adapter builds on.
 */
final class DynamoDbTable {
  static final String NOT_EXISTS = "attribute_not_exists(#pk)";
  static final String EXISTS = "attribute_exists(#pk)";
  static final Map<String, String> PK_NAME = Map.of("#pk", PK);

  final DynamoDbClient client;
  final String table;
  final Calls calls;

  DynamoDbTable(DynamoDbClient client, String table, Calls calls) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  Optional<Map<String, AttributeValue>> getItem(Map<String, AttributeValue> key) {
    GetItemRequest request =
        GetItemRequest.builder().tableName(table).key(key).consistentRead(true).build();
    Map<String, AttributeValue> item = calls.call(() -> client.getItem(request)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /** All items of one partition in sort key order (strongly consistent, every page). */
  List<Map<String, AttributeValue>> queryAll(String pk) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest request =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression("#pk = :pk")
              .expressionAttributeNames(PK_NAME)
              .expressionAttributeValues(Map.of(":pk", s(pk)))
              .consistentRead(true)
              .exclusiveStartKey(start)
              .build();
      QueryResponse response = calls.call(() -> client.query(request));
      items.addAll(response.items());
      start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty());
    return items;
  }

  // ---------------------------------------------------------------- actions

  TransactWriteItem put(
      Map<String, AttributeValue> item,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      boolean returnOldOnFailure) {
    Put.Builder put =
        Put.builder()
            .tableName(table)
            .item(item)
            .conditionExpression(condition)
            .expressionAttributeNames(names);
    if (!values.isEmpty()) {
      put.expressionAttributeValues(values);
    }
    if (returnOldOnFailure) {
      put.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }
    return TransactWriteItem.builder().put(put.build()).build();
  }

  TransactWriteItem deleteItem(Map<String, AttributeValue> key) {
    return TransactWriteItem.builder()
        .delete(Delete.builder().tableName(table).key(key).build())
        .build();
  }

  static Write unconditional(TransactWriteItem item) {
    return new Write(
        item, reason -> new IllegalStateException("unconditional action failed: " + reason));
  }
}
