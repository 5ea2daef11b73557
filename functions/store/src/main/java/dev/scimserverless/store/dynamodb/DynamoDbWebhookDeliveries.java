package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.WebhookDeliveries;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Webhook attempts and dead letters in the single table (docs/data-model.md). An attempt is one
 * PutItem in {@code T#{tenant}#WHLOG}, sort key = its time (fixed-width epoch nanoseconds) and a
 * random suffix, with a {@code ttl} of {@value WebhookDeliveries#ATTEMPTS_KEPT_DAYS} days; the
 * recent ones are one Query newest first. A dead letter is one item in {@code T#{tenant}#WHDEAD},
 * sort key = its id, kept until it is replayed.
 */
public final class DynamoDbWebhookDeliveries implements WebhookDeliveries {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DynamoDbClient client;
  private final String table;

  public DynamoDbWebhookDeliveries(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  @Override
  public void record(Attempt a) {
    byte[] r = new byte[4];
    RANDOM.nextBytes(r);
    long nanos = a.time().getEpochSecond() * 1_000_000_000L + a.time().getNano();
    String sk = String.format("%019d", nanos) + "#" + HexFormat.of().formatHex(r);
    Map<String, AttributeValue> item =
        new HashMap<>(Keys.key(Keys.webhookAttempts(a.tenant()), sk));
    item.put("webhook", Keys.s(a.subscription()));
    item.put("eventId", Keys.s(a.eventId()));
    item.put("type", Keys.s(a.type()));
    item.put("attempt", Keys.n(a.attempt()));
    a.status().ifPresent(s -> item.put("status", Keys.n(s)));
    item.put("error", Keys.s(a.error()));
    item.put("outcome", Keys.s(a.outcome().name()));
    item.put("time", Keys.s(a.time().toString()));
    item.put("ttl", Keys.n(a.time().plus(Duration.ofDays(ATTEMPTS_KEPT_DAYS)).getEpochSecond()));
    try {
      client.putItem(b -> b.tableName(table).item(item));
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  @Override
  public List<Attempt> recent(String tenant, int limit) {
    List<Attempt> out = new ArrayList<>();
    long now = Instant.now().getEpochSecond();
    try {
      Map<String, AttributeValue> start = null;
      do {
        Map<String, AttributeValue> from = start;
        QueryResponse r =
            client.query(
                b -> {
                  b.tableName(table)
                      .keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(
                          Map.of(":pk", Keys.s(Keys.webhookAttempts(tenant))))
                      .scanIndexForward(false)
                      .limit(Math.min(limit, RECENT_KEPT));
                  if (from != null) {
                    b.exclusiveStartKey(from);
                  }
                });
        for (Map<String, AttributeValue> item : r.items()) {
          // TTL deletes expired items within days, not at once: do not show them meanwhile
          if (Long.parseLong(item.get("ttl").n()) >= now && out.size() < limit) {
            out.add(attempt(tenant, item));
          }
        }
        start =
            r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() && out.size() < limit
                ? r.lastEvaluatedKey()
                : null;
      } while (start != null);
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
    return out;
  }

  @Override
  public void park(DeadLetter l) {
    Map<String, AttributeValue> item =
        new HashMap<>(Keys.key(Keys.deadLetters(l.tenant()), l.id()));
    item.put("webhook", Keys.s(l.subscription()));
    item.put("eventId", Keys.s(l.eventId()));
    item.put("type", Keys.s(l.type()));
    item.put("body", Keys.s(l.body()));
    item.put("attempts", Keys.n(l.attempts()));
    l.lastStatus().ifPresent(s -> item.put("lastStatus", Keys.n(s)));
    item.put("lastError", Keys.s(l.lastError()));
    item.put("parkedAt", Keys.s(l.parkedAt().toString()));
    try {
      client.putItem(b -> b.tableName(table).item(item));
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  @Override
  public List<DeadLetter> deadLetters(String tenant) {
    List<DeadLetter> out = new ArrayList<>();
    try {
      Map<String, AttributeValue> start = null;
      do {
        Map<String, AttributeValue> from = start;
        QueryResponse r =
            client.query(
                b -> {
                  b.tableName(table)
                      .keyConditionExpression("pk = :pk")
                      .expressionAttributeValues(Map.of(":pk", Keys.s(Keys.deadLetters(tenant))))
                      .consistentRead(true);
                  if (from != null) {
                    b.exclusiveStartKey(from);
                  }
                });
        r.items().forEach(item -> out.add(letter(tenant, item)));
        start =
            r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                ? r.lastEvaluatedKey()
                : null;
      } while (start != null && out.size() < 10 * DEAD_LETTERS_LISTED);
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
    return out.stream()
        .sorted(Comparator.comparing(DeadLetter::parkedAt))
        .limit(DEAD_LETTERS_LISTED)
        .toList();
  }

  @Override
  public Optional<DeadLetter> deadLetter(String tenant, String id) {
    try {
      Map<String, AttributeValue> item =
          client
              .getItem(
                  b ->
                      b.tableName(table)
                          .key(Keys.key(Keys.deadLetters(tenant), id))
                          .consistentRead(true))
              .item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(letter(tenant, item));
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  @Override
  public void removeDeadLetter(String tenant, String id) {
    try {
      client.deleteItem(b -> b.tableName(table).key(Keys.key(Keys.deadLetters(tenant), id)));
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  private static Optional<Integer> number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? Optional.empty() : Optional.of(Integer.parseInt(v.n()));
  }

  private static Attempt attempt(String tenant, Map<String, AttributeValue> item) {
    return new Attempt(
        tenant,
        item.get("webhook").s(),
        item.get("eventId").s(),
        item.get("type").s(),
        Integer.parseInt(item.get("attempt").n()),
        number(item, "status"),
        item.get("error").s(),
        Outcome.valueOf(item.get("outcome").s()),
        Instant.parse(item.get("time").s()));
  }

  private static DeadLetter letter(String tenant, Map<String, AttributeValue> item) {
    return new DeadLetter(
        tenant,
        item.get(Keys.SK).s(),
        item.get("webhook").s(),
        item.get("eventId").s(),
        item.get("type").s(),
        item.get("body").s(),
        Integer.parseInt(item.get("attempts").n()),
        number(item, "lastStatus"),
        item.get("lastError").s(),
        Instant.parse(item.get("parkedAt").s()));
  }
}
