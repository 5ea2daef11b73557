package dev.scimserverless.store.dynamodb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client that fails as scripted: each call takes the next scripted failure, or succeeds
 * (with an empty response) when none is left. Lets tests drive failures Dynoxide cannot produce.
 */
final class ScriptedClient implements DynamoDbClient {
  private final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
  int calls;

  /** The number of actions of every TransactWriteItems request, in call order. */
  final List<Integer> transactionSizes = new ArrayList<>();

  /** The items every Query answers (one page). */
  final List<Map<String, AttributeValue>> queryItems = new ArrayList<>();

  /** The number of BatchWriteItem calls. */
  int batchWrites;

  /** Scripts the next call to fail with this exception. */
  ScriptedClient thenFail(Supplier<RuntimeException> failure) {
    failures.add(failure);
    return this;
  }

  /** Scripts the next call to succeed (before scripted failures of later calls). */
  ScriptedClient thenSucceed() {
    return thenFail(() -> null);
  }

  private void next() {
    calls++;
    Supplier<RuntimeException> failure = failures.poll();
    RuntimeException e = failure == null ? null : failure.get();
    if (e != null) {
      throw e;
    }
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    next();
    return GetItemResponse.builder().build();
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    next();
    return PutItemResponse.builder().build();
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    next();
    return UpdateItemResponse.builder().build();
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    next();
    return QueryResponse.builder().items(queryItems).build();
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    batchWrites++;
    next();
    return BatchWriteItemResponse.builder().build();
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    transactionSizes.add(request.transactItems().size());
    next();
    return TransactWriteItemsResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
