package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.core.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The audit trail in the single table. Each event is two items written in one BatchWriteItem: one
 * in the tenant's trail ({@code T#{tenant}#AUDIT}) and one in the resource's ({@code
 * T#{tenant}#AUDIT#R#{resourceId}}), both sorted by a fixed-width UTC timestamp, so "since" and "of
 * this resource" are each one Query (strongly consistent, so an event just recorded is read back).
 * Items carry {@code ttl} (epoch seconds): DynamoDB's TTL deletes them after the retention period.
 * Unprocessed items are sent again, {@value #UNPROCESSED_ATTEMPTS} attempts in all (waits 40 ms
 * doubling to 640 ms, about 2.5 s in all); an interrupted wait ends the retries.
 */
public final class DynamoDbAuditLog implements AuditLog {
  /** Fixed width, so that string order is time order. */
  static final DateTimeFormatter SORTABLE = ChangeItems.SORTABLE;

  private static final int UNPROCESSED_ATTEMPTS = 8;

  private final DynamoDbClient client;
  private final String table;
  private final Duration retention;

  public DynamoDbAuditLog(DynamoDbClient client, String table, Duration retention) {
    this.client = client;
    this.table = table;
    this.retention = retention;
  }

  static String trail(String tenant) {
    return ChangeItems.trail(tenant);
  }

  static String resourceTrail(String tenant, String resourceId) {
    return ChangeItems.resourceTrail(tenant, resourceId);
  }

  /**
   * Nothing: the DynamoDB store writes a SCIM change's audit record (its outbox item, {@link
   * ChangeItems}) in the change's own transaction, so a committed change is never unaudited. This
   * log reads those records like the ones it writes.
   */
  @Override
  public void recordChange(dev.scimserverless.core.change.ProvisioningChange change) {}

  @Override
  public void record(AuditEvent e) {
    String sk = SORTABLE.format(e.time()) + "#" + UUID.randomUUID();
    List<WriteRequest> writes = new ArrayList<>();
    writes.add(put(item(trail(e.tenant()), sk, e)));
    if (!e.resourceId().isEmpty()) {
      writes.add(put(item(resourceTrail(e.tenant(), e.resourceId()), sk, e)));
    }
    Map<String, List<WriteRequest>> pending = Map.of(table, writes);
    try {
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        if (attempt >= UNPROCESSED_ATTEMPTS) {
          throw new StoreException.Unavailable("audit write not processed", true, null);
        }
        if (attempt > 0) {
          sleep(20L << Math.min(attempt, 5));
        }
        Map<String, List<WriteRequest>> batch = new HashMap<>(pending);
        BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(batch));
        pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
      }
    } catch (SdkException ex) {
      throw DynamoDbErrors.map(ex);
    }
  }

  @Override
  public List<AuditEvent> query(
      String tenant, Instant since, Optional<String> resourceId, int limit) {
    String pk = resourceId.map(r -> resourceTrail(tenant, r)).orElse(trail(tenant));
    List<AuditEvent> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    try {
      do {
        QueryRequest.Builder q =
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk AND sk >= :since")
                .expressionAttributeValues(
                    Map.of(
                        ":pk", AttributeValue.fromS(pk),
                        ":since", AttributeValue.fromS(SORTABLE.format(since))))
                .consistentRead(true)
                .limit(Math.min(1000, limit - out.size()));
        if (start != null) {
          q.exclusiveStartKey(start);
        }
        QueryResponse r = client.query(q.build());
        for (Map<String, AttributeValue> item : r.items()) {
          out.add(event(tenant, item));
        }
        start =
            r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                ? r.lastEvaluatedKey()
                : null;
      } while (start != null && out.size() < limit);
    } catch (SdkException ex) {
      throw DynamoDbErrors.map(ex);
    }
    return out;
  }

  private Map<String, AttributeValue> item(String pk, String sk, AuditEvent e) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", AttributeValue.fromS(pk));
    item.put("sk", AttributeValue.fromS(sk));
    item.put("time", AttributeValue.fromS(e.time().toString()));
    item.put("actor", AttributeValue.fromS(e.actor()));
    item.put("operation", AttributeValue.fromS(e.operation()));
    item.put("resourceType", AttributeValue.fromS(e.resourceType()));
    item.put("resourceId", AttributeValue.fromS(e.resourceId()));
    item.put(
        "attributes",
        AttributeValue.fromL(e.attributes().stream().map(AttributeValue::fromS).toList()));
    item.put("requestId", AttributeValue.fromS(e.requestId()));
    item.put("ttl", AttributeValue.fromN(Long.toString(e.time().plus(retention).getEpochSecond())));
    return item;
  }

  private static AuditEvent event(String tenant, Map<String, AttributeValue> item) {
    return new AuditEvent(
        Instant.parse(item.get("time").s()),
        tenant,
        item.get("actor").s(),
        item.get("operation").s(),
        item.get("resourceType").s(),
        item.get("resourceId").s(),
        item.get("attributes").l().stream().map(AttributeValue::s).toList(),
        item.get("requestId").s());
  }

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }

  /** Waits before sending unprocessed items again; interrupted, stops retrying. */
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException.Unavailable("interrupted while retrying the audit write", false, e);
    }
  }
}
