package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
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
 * the unprocessed part of batch requests. Every retry loop is bounded in attempts and in time
 * ({@link Retry}); each call in it is bounded by the client ({@link ClientLimits}, 8 s).
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
   * @param baseMillis the wait before attempt {@code n + 1} is drawn from {@code [c/2, c]} with
   *     {@code c = min(capMillis, baseMillis * 2^n)}
   * @param capMillis the longest wait
   * @param budgetMillis no further attempt is made once the time since the first attempt plus the
   *     next wait would exceed this (the attempt under way is bounded by the client's call timeout)
   * @param retriesThrottling whether a throttled call ({@code Unavailable(throttled=true)}) is
   *     retried too, after the SDK's own retries gave up (background work that should outlast a
   *     throttle rather than fail)
   */
  record Retry(
      int maxAttempts,
      long baseMillis,
      long capMillis,
      long budgetMillis,
      boolean retriesThrottling) {
    /**
     * Writes that rarely collide (resources, tenants, tokens): 5 attempts; the 4 waits are drawn
     * from 10–20, 20–40, 40–80 and 80–160 ms (150–300 ms in all); no retry after 1 s.
     */
    static final Retry DEFAULT = new Retry(5, 10, 320, 1_000, false);

    /**
     * Writes on an item that many requests write at once (a group's item in every membership
     * change), and unprocessed batch items: 10 attempts; the 9 waits double from 20–40 ms to a cap
     * of 0.5–1 s (2.6–5.2 s in all); no retry after 8 s.
     */
    static final Retry CONTENDED = new Retry(10, 20, 1000, 8_000, false);

    /**
     * The BatchWriteItems of a deleted group's membership cascade, which runs on after API Gateway
     * gave up on a big group's DELETE: throttling and unprocessed items are retried, 20 attempts,
     * waits doubling from 50–100 ms to a cap of 1–2 s, no retry after 30 s per batch.
     */
    static final Retry CASCADE = new Retry(20, 50, 2000, 30_000, true);

    /** The cap {@code c} of the wait after attempt {@code attempt}. */
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
  private final LongSupplier clockMillis;

  Calls(DynamoDbClient client) {
    this(client, Thread::sleep);
  }

  /** With another way to wait (tests: none), on the system's monotonic clock. */
  Calls(DynamoDbClient client, Sleeper sleeper) {
    this(client, sleeper, () -> System.nanoTime() / 1_000_000);
  }

  /** With another way to wait and another clock (tests: a fake time both move). */
  Calls(DynamoDbClient client, Sleeper sleeper, LongSupplier clockMillis) {
    this.client = client;
    this.sleeper = sleeper;
    this.clockMillis = clockMillis;
  }

  /** A single request (not a transaction). */
  <T> T call(Supplier<T> request) {
    long started = clockMillis.getAsLong();
    for (int attempt = 1; ; attempt++) {
      try {
        return request.get();
      } catch (TransactionConflictException e) {
        if (!backedOff(Retry.DEFAULT, attempt, started)) {
          throw conflictPersisted(e);
        }
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
   * then end in {@code Unavailable(throttled=true)}; an action DynamoDB refuses as invalid (an item
   * over 400 KB) is an {@link IllegalArgumentException} ({@link DynamoDbErrors#invalidAction}).
   */
  void transact(List<Write> writes, Retry retry) {
    TransactWriteItemsRequest request =
        TransactWriteItemsRequest.builder()
            .transactItems(writes.stream().map(Write::item).toList())
            .build();
    long started = clockMillis.getAsLong();
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
        for (CancellationReason reason : reasons) {
          if (DynamoDbErrors.VALIDATION_ERROR.equals(reason.code())) {
            throw DynamoDbErrors.invalidAction(reason, e);
          }
        }
        boolean conflict =
            reasons.stream().anyMatch(r -> DynamoDbErrors.TRANSACTION_CONFLICT.equals(r.code()));
        if (!conflict) {
          throw new IllegalStateException("transaction cancelled: " + reasons, e);
        }
        if (!backedOff(retry, attempt, started)) {
          throw conflictPersisted(e);
        }
      } catch (TransactionConflictException e) {
        if (!backedOff(retry, attempt, started)) {
          throw conflictPersisted(e);
        }
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
    long started = clockMillis.getAsLong();
    for (int attempt = 1; ; attempt++) {
      Map<String, KeysAndAttributes> requestItems = pending;
      BatchGetItemResponse response =
          call(() -> client.batchGetItem(b -> b.requestItems(requestItems)));
      items.addAll(response.responses().getOrDefault(table, List.of()));
      pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
      if (pending.isEmpty()) {
        return items;
      }
      if (!backedOff(Retry.CONTENDED, attempt, started)) {
        throw new StoreException.Unavailable("BatchGetItem left keys unprocessed", true, null);
      }
    }
  }

  /**
   * BatchWriteItem of at most {@value #BATCH_WRITE_LIMIT} puts or deletes (each idempotent),
   * retrying unprocessed items with the {@link Retry#CONTENDED} policy.
   */
  void batchWrite(String table, List<WriteRequest> requests) {
    batchWrite(table, requests, Retry.CONTENDED);
  }

  /**
   * BatchWriteItem of at most {@value #BATCH_WRITE_LIMIT} puts or deletes (each idempotent),
   * retrying unprocessed items (and throttled calls, if the policy says so) as {@code retry} says;
   * then {@code Unavailable(throttled=true)}.
   */
  void batchWrite(String table, List<WriteRequest> requests, Retry retry) {
    if (requests.isEmpty()) {
      return;
    }
    Map<String, List<WriteRequest>> pending = Map.of(table, requests);
    long started = clockMillis.getAsLong();
    for (int attempt = 1; ; attempt++) {
      Map<String, List<WriteRequest>> requestItems = pending;
      BatchWriteItemResponse response;
      try {
        response = call(() -> client.batchWriteItem(b -> b.requestItems(requestItems)));
      } catch (StoreException.Unavailable e) {
        if (retry.retriesThrottling() && e.throttled() && backedOff(retry, attempt, started)) {
          continue;
        }
        throw e;
      }
      pending =
          response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty()
              ? response.unprocessedItems()
              : Map.of();
      if (pending.isEmpty()) {
        return;
      }
      if (!backedOff(retry, attempt, started)) {
        throw new StoreException.Unavailable("BatchWriteItem left items unprocessed", true, null);
      }
    }
  }

  private static StoreException conflictPersisted(SdkException e) {
    return new StoreException.Unavailable("concurrent transactions on the same item", true, e);
  }

  /**
   * Waits before the attempt after {@code attempt}, or returns false when {@code retry} allows no
   * further attempt: all attempts made, or the wait would end past the time budget of the loop that
   * started at {@code started}. The wait is drawn by {@link Jitter} from {@code [c/2, c]}.
   */
  private boolean backedOff(Retry retry, int attempt, long started) {
    if (attempt >= retry.maxAttempts()) {
      return false;
    }
    long cap = retry.backoffCap(attempt);
    long wait = cap / 2 + Jitter.upTo(cap - cap / 2);
    if (clockMillis.getAsLong() - started + wait > retry.budgetMillis()) {
      return false;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException.Unavailable("interrupted while retrying", false, e);
    }
    return true;
  }
}
