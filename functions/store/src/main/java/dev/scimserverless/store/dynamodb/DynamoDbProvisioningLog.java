package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.ProvisioningQuery;
import dev.scimserverless.core.store.ProvisioningRecord;
import dev.scimserverless.store.ProvisioningKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The provisioning log in the single table (docs/data-model.md). A failure is one PutItem in the
 * tenant's {@code T#{tenant}#REQLOG} partition, sorted by time, with a {@code ttl} of {@value
 * ProvisioningLog#ERROR_RETENTION_DAYS} days. A success takes the next slot of a ring of {@value
 * ProvisioningLog#SUCCESSES_KEPT} items in {@code T#{tenant}#REQOK}: one UpdateItem on the slot
 * counter, one PutItem that overwrites the slot's previous occupant — so the ring never grows. A
 * read is one Query per kind: failures newest first from the cursor down, the ring (at most 1,000
 * small items) sorted in memory.
 */
public final class DynamoDbProvisioningLog implements ProvisioningLog {
  private static final String SLOT_COUNTER = "#";

  /**
   * A log write gives up after 500 ms in all (the store's own calls may take 8 s with retries): in
   * Lambda it is written before the answer, and it must not slow the request it records, least of
   * all the 503 of a store outage.
   */
  static final AwsRequestOverrideConfiguration LOG_WRITE =
      AwsRequestOverrideConfiguration.builder()
          .apiCallTimeout(Duration.ofMillis(500))
          .apiCallAttemptTimeout(Duration.ofMillis(250))
          .build();

  private final DynamoDbClient client;
  private final String table;
  private final TableItems items;

  public DynamoDbProvisioningLog(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
    this.items = new TableItems(client, table);
  }

  @Override
  public void record(ProvisioningRecord r) {
    try {
      if (r.failed()) {
        Map<String, AttributeValue> item =
            item(Keys.requestErrors(r.tenant()), ProvisioningKeys.sortKey(r), r);
        item.put(
            "ttl", Keys.n(r.time().plus(Duration.ofDays(ERROR_RETENTION_DAYS)).getEpochSecond()));
        client.putItem(b -> b.tableName(table).item(item).overrideConfiguration(LOG_WRITE));
      } else {
        String pk = Keys.requestSuccesses(r.tenant());
        long n =
            Long.parseLong(
                client
                    .updateItem(
                        b ->
                            b.tableName(table)
                                .overrideConfiguration(LOG_WRITE)
                                .key(Keys.key(pk, SLOT_COUNTER))
                                .updateExpression("ADD #n :one")
                                .expressionAttributeNames(Map.of("#n", "n"))
                                .expressionAttributeValues(Map.of(":one", Keys.n(1)))
                                .returnValues(ReturnValue.UPDATED_NEW))
                    .attributes()
                    .get("n")
                    .n());
        String slot = String.format("%04d", n % SUCCESSES_KEPT);
        Map<String, AttributeValue> item = item(pk, slot, r);
        item.put("key", Keys.s(ProvisioningKeys.sortKey(r)));
        client.putItem(b -> b.tableName(table).item(item).overrideConfiguration(LOG_WRITE));
      }
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  @Override
  public Page query(String tenant, ProvisioningQuery q) {
    List<Keyed> found = new ArrayList<>();
    try {
      if (q.outcome() != ProvisioningQuery.Outcome.SUCCESS) {
        errors(tenant, q, found);
      }
      if (q.outcome() != ProvisioningQuery.Outcome.ERROR) {
        successes(tenant, q, found);
      }
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
    return ProvisioningKeys.newestFirst(
        found.stream().map(k -> Map.entry(k.key(), k.record())).toList(), q.limit());
  }

  private record Keyed(String key, ProvisioningRecord record) {}

  /** Failures newest first below the cursor, until a page and one more match (or none is left). */
  private void errors(String tenant, ProvisioningQuery q, List<Keyed> out) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", Keys.s(Keys.requestErrors(tenant)));
    String condition = "pk = :pk";
    if (q.cursor().isPresent()) {
      condition += " AND sk < :cursor";
      values.put(":cursor", Keys.s(q.cursor().get()));
    }
    long now = Instant.now().getEpochSecond();
    int before = out.size();
    String keyCondition = condition;
    items.query(
        b ->
            b.keyConditionExpression(keyCondition)
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .limit(Math.min(1000, (q.limit() + 1) * 4)),
        item -> {
          ProvisioningRecord rec = record(tenant, item);
          // TTL deletes expired items within days, not at once: do not show them meanwhile
          if (item.containsKey("ttl") && Long.parseLong(item.get("ttl").n()) < now) {
            return true;
          }
          if (q.since().isPresent() && rec.time().isBefore(q.since().get())) {
            return false; // newest first: everything after this is older still
          }
          if (q.matches(rec)) {
            out.add(new Keyed(item.get(Keys.SK).s(), rec));
          }
          return true;
        },
        () -> out.size() - before <= q.limit());
  }

  /** The whole ring (at most {@value ProvisioningLog#SUCCESSES_KEPT} items), filtered. */
  private void successes(String tenant, ProvisioningQuery q, List<Keyed> out) {
    items.query(
        b ->
            b.keyConditionExpression("pk = :pk AND sk >= :first")
                .expressionAttributeValues(
                    Map.of(":pk", Keys.s(Keys.requestSuccesses(tenant)), ":first", Keys.s("0000"))),
        item -> {
          String key = item.get("key").s();
          ProvisioningRecord rec = record(tenant, item);
          if (q.cursor().map(c -> key.compareTo(c) < 0).orElse(true) && q.matches(rec)) {
            out.add(new Keyed(key, rec));
          }
          return true;
        },
        () -> true);
  }

  private static Map<String, AttributeValue> item(String pk, String sk, ProvisioningRecord r) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, Keys.s(pk));
    item.put(Keys.SK, Keys.s(sk));
    item.put("time", Keys.s(r.time().toString()));
    item.put("requestId", Keys.s(r.requestId()));
    item.put("method", Keys.s(r.method()));
    item.put("route", Keys.s(r.route()));
    item.put("status", Keys.n(r.status()));
    item.put("scimType", Keys.s(r.scimType()));
    item.put("detail", Keys.s(r.detail()));
    item.put("tokenId", Keys.s(r.tokenId()));
    item.put("userAgent", Keys.s(r.userAgent()));
    item.put("latencyMs", Keys.n(r.latencyMillis()));
    item.put("warnings", AttributeValue.fromL(r.warnings().stream().map(Keys::s).toList()));
    return item;
  }

  private static ProvisioningRecord record(String tenant, Map<String, AttributeValue> item) {
    return new ProvisioningRecord(
        Instant.parse(item.get("time").s()),
        tenant,
        item.get("requestId").s(),
        item.get("method").s(),
        item.get("route").s(),
        Integer.parseInt(item.get("status").n()),
        item.get("scimType").s(),
        item.get("detail").s(),
        item.get("tokenId").s(),
        item.get("userAgent").s(),
        Long.parseLong(item.get("latencyMs").n()),
        item.get("warnings").l().stream().map(AttributeValue::s).toList());
  }
}
