package dev.scimserverless.bench;

import dev.scimserverless.local.LocalEndpoint;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.dynamodb.MembershipLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * A big group's DELETE through HTTP on the local endpoint on Dynoxide (issue 12): the time to the
 * answer, and the time until its membership cascade (on the background thread) has finished.
 *
 * <p>Usage: {@code GroupDeleteBench [--members 100000]}, class path as {@code HttpMix}'s.
 */
public final class GroupDeleteBench {
  private GroupDeleteBench() {}

  public static void main(String[] argv) throws Exception {
    int members = Args.parse(argv).integer("members", 100_000);
    String token = "scim_bench_" + UUID.randomUUID();
    Dynoxide d = Dynoxide.shared();
    String table = d.freshTable();
    ExecutorService thread = LocalEndpoint.groupCascadeThread();
    CountDownLatch done = new CountDownLatch(1);
    long[] cascadeEnd = new long[1];
    Executor timed =
        cascade ->
            thread.execute(
                () -> {
                  cascade.run();
                  cascadeEnd[0] = System.nanoTime();
                  done.countDown();
                });
    DynamoDbStore store = new DynamoDbStore(d.client(), table).withGroupCascades(timed);
    try (LocalEndpoint endpoint = LocalEndpoint.start(0, store, Map.of("bench", token))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = endpoint.baseUrl();
      HttpResponse<String> g =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/Groups"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/scim+json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                              + "\"displayName\":\"Everyone\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String group = g.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < members; i++) {
        ids.add(UUID.randomUUID().toString());
      }
      long loadStart = System.nanoTime();
      new MembershipLoader(d.client(), table, 4).loadMembers("bench", group, ids);
      System.out.printf(
          "loaded %d members (membership + reverse items) in %.1f s%n",
          members, (System.nanoTime() - loadStart) / 1e9);
      long start = System.nanoTime();
      HttpResponse<String> del =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/Groups/" + group))
                  .header("Authorization", "Bearer " + token)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long answered = System.nanoTime();
      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/Groups/" + group))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      done.await();
      System.out.printf(
          "| %d | %d | %.0f ms | %d | %.1f s |%n",
          members,
          del.statusCode(),
          (answered - start) / 1e6,
          get.statusCode(),
          (cascadeEnd[0] - start) / 1e9);
    } finally {
      thread.shutdown();
    }
  }
}
