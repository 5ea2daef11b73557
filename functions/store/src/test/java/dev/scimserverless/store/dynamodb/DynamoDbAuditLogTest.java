package dev.scimserverless.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** {@link DynamoDbAuditLog}'s requests and retries, driven by a stub client. */
class DynamoDbAuditLogTest {
  private final List<QueryRequest> queries = new ArrayList<>();
  private int batchWrites;

  /** Queries answer nothing; batch writes leave everything unprocessed. */
  private final DynamoDbClient stub =
      new DynamoDbClient() {
        @Override
        public QueryResponse query(QueryRequest request) {
          queries.add(request);
          return QueryResponse.builder().build();
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
          batchWrites++;
          return BatchWriteItemResponse.builder().unprocessedItems(request.requestItems()).build();
        }

        @Override
        public String serviceName() {
          return SERVICE_NAME;
        }

        @Override
        public void close() {}
      };

  private final DynamoDbAuditLog log = new DynamoDbAuditLog(stub, "table", Duration.ofDays(1));

  @Test
  void queriesAreStronglyConsistent() {
    log.query("acme", Instant.EPOCH, Optional.empty(), 10);
    log.query("acme", Instant.EPOCH, Optional.of("u1"), 10);

    assertEquals(2, queries.size());
    queries.forEach(q -> assertTrue(q.consistentRead(), q::toString));
  }

  @Test
  void anInterruptedRetryStopsRetryingAndKeepsTheInterrupt() {
    AuditEvent event =
        new AuditEvent(Instant.EPOCH, "acme", "tok_1", "create", "User", "u1", List.of(), "req");
    Thread.currentThread().interrupt();
    try {
      StoreException.Unavailable e =
          assertThrows(StoreException.Unavailable.class, () -> log.record(event));

      assertFalse(e.throttled(), e::toString);
      assertEquals(1, batchWrites, "no retry after the interrupted wait");
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
    } finally {
      Thread.interrupted();
    }
  }
}
