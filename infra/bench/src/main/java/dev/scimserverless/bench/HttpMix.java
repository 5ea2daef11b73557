package dev.scimserverless.bench;

import dev.scimserverless.local.LocalEndpoint;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbAuditLog;
import dev.scimserverless.store.dynamodb.DynamoDbProvisioningLog;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.memory.InMemoryStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IdP mix through real sockets: N threads, each on its own kept-alive HTTP/1.1 connection, send
 * 60% GET by id, 20% userName lookups, 10% PATCH, 10% POST, and the run prints requests/s, p50, p99
 * and errors. Against any SCIM server ({@code --base-url URL --token T}), or against a local
 * endpoint it starts itself ({@code --store memory|dynoxide}).
 *
 * <pre>
 * java -cp scim-functions.jar:scim-bench.jar:scim-store-tests.jar dev.scimserverless.bench.HttpMix \
 *   [--store memory|dynoxide | --base-url URL --token T] [--threads 8] [--seconds 20]
 *   [--warmup 5] [--users 500]
 * </pre>
 */
public final class HttpMix {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  private HttpMix() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv);
    int threads = args.integer("threads", 8);
    int seconds = args.integer("seconds", 20);
    int warmup = args.integer("warmup", 5);
    int users = args.integer("users", 500);
    String base = args.get("base-url", null);
    String token = args.get("token", null);
    LocalEndpoint local = null;
    String label;
    if (base == null) {
      String store = args.get("store", "memory");
      token = "scim_bench_" + UUID.randomUUID();
      if (store.equals("dynoxide")) {
        Dynoxide d = Dynoxide.shared();
        String table = d.freshTable();
        CountingDynamoDbClient client = new CountingDynamoDbClient(d.client());
        local =
            LocalEndpoint.start(
                0,
                new DynamoDbStore(client, table),
                Map.of("bench", token),
                LocalEndpoint.Settings.defaults()
                    .withAuditLog(new DynamoDbAuditLog(client, table, Duration.ofDays(1)))
                    .withProvisioningLog(new DynamoDbProvisioningLog(client, table))
                    .withDynamoDbCalls(client::totalCalls));
      } else {
        local = LocalEndpoint.start(0, new InMemoryStore(), Map.of("bench", token));
      }
      base = local.baseUrl();
      label = "local endpoint, " + store + " store";
    } else if (token == null) {
      throw new IllegalArgumentException("--base-url needs --token");
    } else {
      label = base;
    }
    try {
      Result r = run(base, token, threads, seconds, warmup, users);
      System.out.printf(
          "| %s | %d | %d | %.0f | %.2f | %.2f | %d |%n",
          label,
          threads,
          r.requests,
          r.requests / (double) seconds,
          r.p50Nanos / 1e6,
          r.p99Nanos / 1e6,
          r.errors);
    } finally {
      if (local != null) {
        local.close();
      }
    }
  }

  /** What one run measured (the warm-up excluded). */
  record Result(long requests, long errors, long p50Nanos, long p99Nanos) {}

  static Result run(String base, String token, int threads, int seconds, int warmup, int users)
      throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    List<String[]> seeded = new ArrayList<>(); // {id, userName}
    Client setup = new Client(base, token);
    for (int i = 0; i < users; i++) {
      String userName = "mix-" + run + "-" + i + "@example.com";
      HttpResponse<String> r = setup.send("POST", "/Users", user(userName));
      if (r.statusCode() != 201) {
        throw new IllegalStateException("seeding: " + r.statusCode() + " " + r.body());
      }
      seeded.add(new String[] {id(r.body()), userName});
    }
    long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
    long end = warmEnd + seconds * 1_000_000_000L;
    AtomicLong created = new AtomicLong();
    List<Worker> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Worker w = new Worker(new Client(base, token), seeded, run, t, warmEnd, end, created);
      workers.add(w);
      w.start();
    }
    long requests = 0;
    long errors = 0;
    List<Long> latencies = new ArrayList<>();
    for (Worker w : workers) {
      w.join();
      requests += w.count;
      errors += w.errors;
      for (int i = 0; i < w.count; i++) {
        latencies.add(w.latencies[i]);
      }
    }
    Samples s = Samples.of(latencies);
    return new Result(requests, errors, s.percentile(50), s.percentile(99));
  }

  private static final class Worker extends Thread {
    final Client client;
    final List<String[]> seeded;
    final String run;
    final long warmEnd;
    final long end;
    final AtomicLong created;
    final SplittableRandom random;
    long[] latencies = new long[1 << 16];
    int count;
    long errors;

    Worker(
        Client client,
        List<String[]> seeded,
        String run,
        int n,
        long warmEnd,
        long end,
        AtomicLong created) {
      super("mix-" + n);
      this.client = client;
      this.seeded = seeded;
      this.run = run;
      this.warmEnd = warmEnd;
      this.end = end;
      this.created = created;
      this.random = new SplittableRandom(n * 7919L + 1);
    }

    @Override
    public void run() {
      long now;
      while ((now = System.nanoTime()) < end) {
        String[] u = seeded.get(random.nextInt(seeded.size()));
        double p = random.nextDouble();
        String method;
        String path;
        String body = null;
        int expected;
        if (p < 0.6) {
          method = "GET";
          path = "/Users/" + u[0];
          expected = 200;
        } else if (p < 0.8) {
          method = "GET";
          path =
              "/Users?filter="
                  + URLEncoder.encode("userName eq \"" + u[1] + "\"", StandardCharsets.UTF_8)
                      .replace("+", "%20");
          expected = 200;
        } else if (p < 0.9) {
          method = "PATCH";
          path = "/Users/" + u[0];
          body =
              "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                  + "\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t"
                  + random.nextInt(1000)
                  + "\"}]}";
          expected = 200;
        } else {
          method = "POST";
          path = "/Users";
          body = user("mix-" + run + "-new-" + created.incrementAndGet() + "@example.com");
          expected = 201;
        }
        boolean ok;
        try {
          ok = client.send(method, path, body).statusCode() == expected;
        } catch (Exception e) {
          ok = false;
        }
        long took = System.nanoTime() - now;
        if (now >= warmEnd) {
          if (count == latencies.length) {
            latencies = java.util.Arrays.copyOf(latencies, count * 2);
          }
          latencies[count++] = took;
          if (!ok) {
            errors++;
          }
        }
      }
    }
  }

  /** One kept-alive HTTP/1.1 connection's worth of client (one per thread). */
  private static final class Client {
    final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final String base;
    final String authorization;

    Client(String base, String token) {
      this.base = base;
      this.authorization = "Bearer " + token;
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", authorization)
              .header("Accept", "application/scim+json");
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/scim+json");
        b.method(method, HttpRequest.BodyPublishers.ofString(body));
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String user(String userName) {
    return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
        + userName
        + "\",\"active\":true,\"name\":{\"givenName\":\"Mix\",\"familyName\":\"User\"}}";
  }

  private static String id(String body) {
    Matcher m = ID.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no id in " + body);
    }
    return m.group(1);
  }
}
