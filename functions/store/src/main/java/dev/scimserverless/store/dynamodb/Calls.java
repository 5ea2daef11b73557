package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Runs requests against the table: maps SDK failures ({@link DynamoDbErrors}), retries transaction
 * conflicts (another transaction on the same item) with jittered exponential backoff, and retries
 * the unprocessed part of batch requests.
 */
final class Calls {
  /** BatchGetItem takes at most this many keys. */
  static final int BATCH_GET_LIMIT = 100;

  /** BatchWriteItem takes at most this many requests. */
  static final int BATCH_WRITE_LIMIT = 25;

  /** TransactWriteItems takes at most this many actions. */
  static final int TRANSACTION_LIMIT = 100;

  /**
   * How often and how patiently to retry.
   *
   * @param maxAttempts attempts in all, the first included
   * @param baseMillis the backoff before attempt {@code n + 1} is drawn from {@code [c/2, c]} with
   *     {@code c = min(capMillis, baseMillis * 2^n)}
   * @param capMillis the longest backoff
   */
  record Retry(int maxAttempts, long baseMillis, long capMillis) {
    /** Writes that rarely collide (resources, tenants, tokens): 5 attempts, 20–320 ms. */
    static final Retry DEFAULT = new Retry(5, 10, 320);

    /**
     * Writes on an item that many requests write at once (a group's item in every membership
     * change): 10 attempts, backoff 40 ms doubling to 1 s, about 5 s in all.
     */
    static final Retry CONTENDED = new Retry(10, 20, 1000);

    long backoffCap(int attempt) {
      return Math.min(capMillis, baseMillis << Math.min(attempt, 30));
    }
  }

  /** Waits between attempts (tests replace it to run without waiting). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * One action of a transaction with the store failure that its false condition means.
   *
   * @param item the action
   * @param onConditionFailed the failure to throw when the action's condition was false, given the
   *     cancellation reason (with the old item when the action asked for it)
   */
  record Write(
      TransactWriteItem item, Function<CancellationReason, RuntimeException> onConditionFailed) {}

  private final DynamoDbClient client;
  private final Sleeper sleeper;

  Calls(DynamoDbClient client) {
    this(client, Thread::sleep);
  }

  Calls(DynamoDbClient client, Sleeper sleeper) {
    this.client = client;
    this.sleeper = sleeper;
  }

  /** A single request (not a transaction). */
  <T> T call(Supplier<T> request) {
    for (int attempt = 1; ; attempt++) {
      try {
        return request.get();
      } catch (TransactionConflictException e) {
        if (attempt == Retry.DEFAULT.maxAttempts()) {
          throw conflictPersisted(e);
        }
        backOff(Retry.DEFAULT, attempt);
      } catch (SdkException e) {
        throw DynamoDbErrors.map(e);
      }
    }
  }

  /** One TransactWriteItems with the {@link Retry#DEFAULT} policy. */
  void transact(List<Write> writes) {
    transact(writes, Retry.DEFAULT);
  }

  /**
   * One TransactWriteItems. A false condition throws the failure of the first action whose
   * condition failed (in the order given); transaction conflicts are retried as {@code retry} says,
   * then end in {@code Unavailable(throttled=true)}.
   */
  void transact(List<Write> writes, Retry retry) {
    TransactWriteItemsRequest request =
        TransactWriteItemsRequest.builder()
            .transactItems(writes.stream().map(Write::item).toList())
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        client.transactWriteItems(request);
        return;
      } catch (TransactionCanceledException e) {
        List<CancellationReason> reasons =
            e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        for (int i = 0; i < reasons.size() && i < writes.size(); i++) {
          if (DynamoDbErrors.CONDITION_FAILED.equals(reasons.get(i).code())) {
            throw writes.get(i).onConditionFailed().apply(reasons.get(i));
          }
        }
        if (reasons.stream().anyMatch(DynamoDbErrors::isThrottling)) {
          throw DynamoDbErrors.map(e);
        }
        boolean conflict =
            reasons.stream().anyMatch(r -> DynamoDbErrors.TRANSACTION_CONFLICT.equals(r.code()));
        if (!conflict) {
          throw new IllegalStateException("transaction cancelled: " + reasons, e);
        }
        if (attempt == retry.maxAttempts()) {
          throw conflictPersisted(e);
        }
        backOff(retry, attempt);
      } catch (TransactionConflictException e) {
        if (attempt == retry.maxAttempts()) {
          throw conflictPersisted(e);
        }
        backOff(retry, attempt);
      } catch (SdkException e) {
        throw DynamoDbErrors.map(e);
      }
    }
  }

  /**
   * BatchGetItem (strongly consistent) of at most {@value #BATCH_GET_LIMIT} keys, retrying
   * unprocessed keys with backoff.
   *
   * @param projection a projection expression, or {@code null} for whole items
   * @param names the names the projection uses
   */
  List<Map<String, AttributeValue>> batchGet(
      String table,
      List<Map<String, AttributeValue>> keys,
      String projection,
      Map<String, String> names) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    if (keys.isEmpty()) {
      return items;
    }
    KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(keys).consistentRead(true);
    if (projection != null) {
      request.projectionExpression(projection).expressionAttributeNames(names);
    }
    Map<String, KeysAndAttributes> pending = Map.of(table, request.build());
    for (int attempt = 1; ; attempt++) {
      Map<String, KeysAndAttributes> requestItems = pending;
      BatchGetItemResponse response =
          call(() -> client.batchGetItem(b -> b.requestItems(requestItems)));
      items.addAll(response.responses().getOrDefault(table, List.of()));
      pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      if (pending.isEmpty()) {
        return items;
      }
      if (attempt == Retry.CONTENDED.maxAttempts()) {
        throw new StoreException.Unavailable("BatchGetItem left keys unprocessed", true, null);
      }
      backOff(Retry.CONTENDED, attempt);
    }
  }

  /**
   * BatchWriteItem of at most {@value #BATCH_WRITE_LIMIT} puts or deletes (each idempotent),
   * retrying unprocessed items with backoff.
   */
  void batchWrite(String table, List<WriteRequest> requests) {
    if (requests.isEmpty()) {
      return;
    }
    Map<String, List<WriteRequest>> pending = Map.of(table, requests);
    for (int attempt = 1; ; attempt++) {
      Map<String, List<WriteRequest>> requestItems = pending;
      BatchWriteItemResponse response =
          call(() -> client.batchWriteItem(b -> b.requestItems(requestItems)));
      pending =
          response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty()
              ? response.unprocessedItems()
              : Map.of();
      if (pending.isEmpty()) {
        return;
      }
      if (attempt == Retry.CONTENDED.maxAttempts()) {
        throw new StoreException.Unavailable("BatchWriteItem left items unprocessed", true, null);
      }
      backOff(Retry.CONTENDED, attempt);
    }
  }

  private static StoreException conflictPersisted(SdkException e) {
    return new StoreException.Unavailable("concurrent transactions on the same item", true, e);
  }

  private void backOff(Retry retry, int attempt) {
    long cap = retry.backoffCap(attempt);
    try {
      sleeper.sleep(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException.Unavailable("interrupted while retrying", false, e);
    }
  }
}
