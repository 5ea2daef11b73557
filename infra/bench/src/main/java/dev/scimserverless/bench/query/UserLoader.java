package dev.scimserverless.bench.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.ResourceReader;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.service.KeyPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Loads many users straight into the table in the item format of docs/data-model.md ("Item types"):
 * per user the resource item, its {@code userName} unique item and its {@code externalId} lookup
 * item, then the tenant's counter; BatchWriteItem of 25 puts, several batches in flight. The
 * documents are what {@code POST /Users} would store (read by the same {@link ResourceReader}, keys
 * by the same {@link KeyPolicy}), so the users are indistinguishable from created ones.
 */
final class UserLoader {
  private static final int BATCH = 25;

  private final DynamoDbClient client;
  private final String table;
  private final int parallelism;
  private final ResourceReader reader = ResourceReader.standard();
  private final KeyPolicy keys = new KeyPolicy(ResourceType.USER);

  UserLoader(DynamoDbClient client, String table, int parallelism) {
    this.client = client;
    this.table = table;
    this.parallelism = parallelism;
  }

  /** The user with number {@code i}: what the benchmark's filters expect. */
  static ObjectNode userJson(int i) {
    String n = String.format("%06d", i);
    return Json.parseObject(
        """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName":"user-%s","externalId":"ext-%s","displayName":"User %s",
         "name":{"givenName":"Given%s","familyName":"Family%s","formatted":"Given%s Family%s"},
         "emails":[{"value":"user-%s@example.com","type":"work","primary":true}],
         "active":%s,"title":"Engineer","locale":"en-US",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
           {"employeeNumber":"%s","department":"Dept %d"}}
        """
            .formatted(n, n, n, n, n, n, n, n, i % 10 != 0, n, i % 50));
  }

  /** Loads users 1..count into the tenant; returns their ids by number (index 0 = user 1). */
  List<String> load(String tenant, int count) throws Exception {
    List<String> ids = new ArrayList<>(count);
    List<WriteRequest> pending = new ArrayList<>(BATCH);
    List<Future<?>> inFlight = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      Instant now = Instant.now();
      for (int i = 1; i <= count; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        ObjectNode doc = reader.read(ResourceType.USER, userJson(i)).document();
        Map<String, String> unique = keys.uniqueKeys(doc);
        Map<String, String> lookup = keys.lookupKeys(doc);
        String resources = "T#" + tenant + "#User";
        Map<String, AttributeValue> item = key(resources, id);
        item.put("doc", s(Json.write(doc)));
        item.put("ver", AttributeValue.builder().n("1").build());
        item.put("created", s(now.toString()));
        item.put("lastModified", s(now.toString()));
        item.put("uk", map(unique));
        item.put("lk", map(lookup));
        pending.add(put(item));
        unique.forEach(
            (a, v) -> {
              Map<String, AttributeValue> u = key(resources + "#U#" + a, v);
              u.put("id", s(id));
              pending.add(put(u));
            });
        lookup.forEach((a, v) -> pending.add(put(key(resources + "#L#" + a + "#" + v, id))));
        if (pending.size() >= BATCH - 3) {
          List<WriteRequest> batch = List.copyOf(pending);
          pending.clear();
          inFlight.add(pool.submit(() -> write(batch)));
          if (inFlight.size() >= parallelism * 4) {
            for (Future<?> f : inFlight) {
              f.get();
            }
            inFlight.clear();
          }
        }
      }
      Map<String, AttributeValue> counter = key("T#" + tenant + "#User#COUNT", "#");
      counter.put("n", AttributeValue.builder().n(Integer.toString(count)).build());
      pending.add(put(counter));
      List<WriteRequest> last = List.copyOf(pending);
      inFlight.add(pool.submit(() -> write(last)));
      for (Future<?> f : inFlight) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return ids;
  }

  private void write(List<WriteRequest> requests) {
    Map<String, List<WriteRequest>> items = Map.of(table, requests);
    for (int attempt = 0; !items.isEmpty(); attempt++) {
      if (attempt > 20) {
        throw new IllegalStateException("BatchWriteItem left items unprocessed");
      }
      Map<String, List<WriteRequest>> request = items;
      BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(request));
      items = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
    }
  }

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("pk", s(pk));
    m.put("sk", s(sk));
    return m;
  }

  private static AttributeValue map(Map<String, String> values) {
    Map<String, AttributeValue> m = new HashMap<>();
    values.forEach((k, v) -> m.put(k, s(v)));
    return AttributeValue.builder().m(m).build();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }
}
