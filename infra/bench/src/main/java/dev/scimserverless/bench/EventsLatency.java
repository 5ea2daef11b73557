package dev.scimserverless.bench;

import com.sun.net.httpserver.HttpServer;
import dev.scimserverless.core.change.ChangeContext;
import dev.scimserverless.core.events.OutboxRelay;
import dev.scimserverless.core.events.RetryPolicy;
import dev.scimserverless.core.events.StandardWebhooks;
import dev.scimserverless.core.events.WebhookSink;
import dev.scimserverless.core.http.ResourceEndpoint;
import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.memory.InMemoryStore;
import dev.scimserverless.store.memory.InMemoryWebhookDeliveries;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Change → webhook latency (docs/performance.md, "Events"): {@code N} user PATCHes, one at a time,
 * on the in-memory store or Dynoxide; each one's {@code user.updated} is relayed by {@link
 * OutboxRelay} (20 ms poll, as the local endpoint) to a webhook on this machine. The latency is
 * from the PATCH's answer (the change is committed) to the webhook's arrival.
 *
 * <p>{@code java -cp … dev.scimserverless.bench.EventsLatency memory|dynoxide [N]}: N PATCHes, the
 * first {@value #WARMUP} not measured.
 */
public final class EventsLatency {
  /** PATCHes not measured first (JIT, the webhook's first connections). */
  static final int WARMUP = 100;

  private EventsLatency() {}

  public static void main(String[] args) throws Exception {
    String kind = args.length > 0 ? args[0] : "memory";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 600;
    if (kind.equals("dynoxide")) {
      Dynoxide d = Dynoxide.shared();
      run(kind, new DynamoDbStore(d.client(), d.freshTable()), Duration.ofSeconds(2), n);
    } else {
      run(kind, new InMemoryStore(), Duration.ZERO, n);
    }
    System.exit(0);
  }

  static <S extends ScimStore & TenantDirectory & ChangeOutbox> void run(
      String kind, S store, Duration lookback, int n) throws Exception {
    store.createTenant(new Tenant("bench", "bench", false, Instant.now()));
    Map<String, Long> arrived = new ConcurrentHashMap<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext(
        "/hook",
        ex -> {
          long now = System.nanoTime();
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          var json = Json.parse(body);
          if (json.path("type").asText().equals("user.updated")) {
            arrived.put(json.path("requestId").asText(), now);
          }
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    String secret = StandardWebhooks.newSecret();
    OutboxRelay relay =
        new OutboxRelay(
            store,
            () -> List.of("bench"),
            "bench",
            new WebhookSink(RetryPolicy.STANDARD, new InMemoryWebhookDeliveries())
                .to(new WebhookSink.Endpoint(url, secret)),
            Duration.ofMillis(20),
            lookback);
    relay.start();
    ResourceEndpoint users = ScimApi.usersEndpoint(store);
    ScimResponse created =
        call(
            users,
            "POST",
            "/Users",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"bench\"}",
            "r-create");
    String id = Json.parse(created.body()).path("id").asText();
    Map<String, Long> committed = new ConcurrentHashMap<>();
    for (int i = 0; i < n; i++) {
      String requestId = "r-" + i;
      call(
          users,
          "PATCH",
          "/Users/" + id,
          "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"nickName\",\"value\":\"n"
              + i
              + "\"}]}",
          requestId);
      if (i >= WARMUP) {
        committed.put(requestId, System.nanoTime());
      }
      Thread.sleep(25); // one change at a time, as an IdP's user PATCHes arrive
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (arrived.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    relay.close();
    server.stop(0);
    List<Double> ms = new ArrayList<>();
    committed.forEach(
        (r, t) -> {
          Long a = arrived.get(r);
          if (a != null) {
            ms.add((a - t) / 1e6);
          }
        });
    Collections.sort(ms);
    System.out.printf(
        "| %s | %d of %d | %.1f | %.1f | %.1f |%n",
        kind, ms.size(), n - WARMUP, pct(ms, 0.5), pct(ms, 0.99), ms.get(ms.size() - 1));
  }

  static double pct(List<Double> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  static ScimResponse call(
      ResourceEndpoint endpoint, String method, String path, String body, String requestId) {
    ScimRequest request =
        new ScimRequest(
            method,
            path,
            Map.of(),
            Map.of("Content-Type", "application/scim+json"),
            body,
            "bench",
            requestId,
            "http://x/scim/v2");
    return new ChangeContext("tok_bench", requestId).run(() -> endpoint.handle(request));
  }
}
