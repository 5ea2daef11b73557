package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.StoreException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Runs requests against the table: maps SDK failures ({@link DynamoDbErrors}) and retries
 * transaction conflicts (another transaction on the same item) a few times with jittered backoff.
 */
final class Calls {
  private static final int MAX_ATTEMPTS = 5;
  private static final long BASE_BACKOFF_MILLIS = 10;

  private final DynamoDbClient client;

  Calls(DynamoDbClient client) {
    this.client = client;
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

  /** A single request (not a transaction). */
  <T> T call(Supplier<T> request) {
    for (int attempt = 1; ; attempt++) {
      try {
        return request.get();
      } catch (TransactionConflictException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw conflictPersisted(e);
        }
        backOff(attempt);
      } catch (SdkException e) {
        throw DynamoDbErrors.map(e);
      }
    }
  }

  /**
   * One TransactWriteItems. A false condition throws the failure of the first action whose
   * condition failed (in the order given).
   */
  void transact(List<Write> writes) {
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
        if (attempt == MAX_ATTEMPTS) {
          throw conflictPersisted(e);
        }
        backOff(attempt);
      } catch (TransactionConflictException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw conflictPersisted(e);
        }
        backOff(attempt);
      } catch (SdkException e) {
        throw DynamoDbErrors.map(e);
      }
    }
  }

  private static StoreException conflictPersisted(SdkException e) {
    return new StoreException.Unavailable("concurrent transactions on the same item", true, e);
  }

  private static void backOff(int attempt) {
    long cap = BASE_BACKOFF_MILLIS << attempt;
    try {
      Thread.sleep(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException.Unavailable("interrupted while retrying", false, e);
    }
  }
}
