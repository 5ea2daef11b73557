package dev.scimserverless.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.store.dynamodb.Calls.Retry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * The store's own retry loops ({@link Calls}) are bounded in time as well as in attempts: on a fake
 * clock that the waits and the attempts move, slow conflicting attempts stop the loop well before
 * its attempts run out, so the time a conflict costs is at most the budget plus one attempt (itself
 * bounded by the client's call timeout).
 */
class CallsTest {
  private long now;
  private int attempts;

  /** Every attempt takes {@code millis} of fake time and conflicts with another transaction. */
  private DynamoDbClient conflictingClient(long millis) {
    return new DynamoDbClient() {
      @Override
      public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        attempts++;
        now += millis;
        throw TransactionCanceledException.builder()
            .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build())
            .build();
      }

      @Override
      public PutItemResponse putItem(PutItemRequest request) {
        attempts++;
        now += millis;
        throw TransactionConflictException.builder().message("busy").build();
      }

      @Override
      public String serviceName() {
        return SERVICE_NAME;
      }

      @Override
      public void close() {}
    };
  }

  private Calls calls(DynamoDbClient client) {
    return new Calls(client, millis -> now += millis, () -> now);
  }

  @Test
  void slowContendedTransactionsStopAtTheTimeBudget() {
    DynamoDbClient client = conflictingClient(3_000);
    Calls calls = calls(client);
    List<Calls.Write> writes =
        List.of(
            new Calls.Write(
                TransactWriteItem.builder().build(), r -> new IllegalStateException("unused")));

    StoreException.Unavailable e =
        assertThrows(
            StoreException.Unavailable.class, () -> calls.transact(writes, Retry.CONTENDED));

    assertTrue(e.throttled());
    assertEquals(3, attempts, "3 s attempts: the third ends past the 8 s budget");
    assertTrue(now <= Retry.CONTENDED.budgetMillis() + 3_000, "elapsed " + now);
  }

  @Test
  void slowConflictingSingleWritesStopAtTheTimeBudget() {
    DynamoDbClient client = conflictingClient(600);
    Calls calls = calls(client);

    assertThrows(
        StoreException.Unavailable.class,
        () -> calls.call(() -> client.putItem(PutItemRequest.builder().build())));

    assertEquals(2, attempts, "600 ms attempts: the second ends past the 1 s budget");
  }

  @Test
  void fastConflictsUseEveryAttemptWithinTheBudget() {
    Calls calls = calls(conflictingClient(10));
    List<Calls.Write> writes =
        List.of(
            new Calls.Write(
                TransactWriteItem.builder().build(), r -> new IllegalStateException("unused")));

    assertThrows(StoreException.Unavailable.class, () -> calls.transact(writes, Retry.CONTENDED));

    assertEquals(Retry.CONTENDED.maxAttempts(), attempts);
    assertTrue(now <= Retry.CONTENDED.budgetMillis(), "elapsed " + now);
  }

  @Test
  void waitsStayWithinTheirDocumentedRange() {
    // DEFAULT: before attempts 2..5, [10, 20], [20, 40], [40, 80], [80, 160] ms
    for (int attempt = 1; attempt <= 4; attempt++) {
      long cap = Retry.DEFAULT.backoffCap(attempt);
      assertEquals(10L << attempt, cap);
    }
    for (int i = 0; i < 1_000; i++) {
      long draw = Jitter.upTo(20);
      assertTrue(draw >= 0 && draw <= 20, "draw " + draw);
    }
    assertEquals(0, Jitter.upTo(0));
    // the SDK's waits (ClientLimits): full jitter up to min(500 ms, 25 ms * 2^(n-1))
    BackoffStrategy sdk = Jitter.fullJitter(Duration.ofMillis(25), Duration.ofMillis(500));
    for (int retry = 1; retry <= 40; retry++) {
      long bound = Math.min(500, 25L << Math.min(retry - 1, 30));
      long delay = sdk.computeDelay(retry).toMillis();
      assertTrue(delay >= 0 && delay <= bound, "retry " + retry + ": " + delay);
    }
  }
}
