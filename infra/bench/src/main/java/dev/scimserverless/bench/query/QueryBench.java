package dev.scimserverless.bench.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.http.ScimDispatcher;
import dev.scimserverless.core.http.ScimEndpoint;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.service.QueryLimits;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbClients;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import software.amazon.awssdk.regions.Region;

/**
 * The Query issue's benchmark (docs/performance.md, "Query (issue 5)"): 100,000 users in one
 * organization on Dynoxide, then the cost of the queries an IdP or an export makes: {@code userName
 * eq} lookups, a full export with cursor paging at count=100, index pages at growing startIndex, a
 * {@code co} filter (cursor paging; with index paging a 400 {@code tooMany}), sorting by userName.
 * Latency, DynamoDB calls and the read capacity Dynoxide reports for each request.
 *
 * <p>The users are loaded with BatchWriteItem in the store's item format ({@link UserLoader},
 * uncounted); requests go to the Users endpoint of the core ({@link ScimApi#usersEndpoint} behind
 * its {@link ScimDispatcher}, which turns errors into SCIM responses; no HTTP, no authorizer) on a
 * {@link DynamoDbStore} whose client is a {@link CountingDynamoDbClient}.
 *
 * <p>Usage: {@code QueryBench [--users 100000] [--lookups 300] [--parallelism 4]}. Prints Markdown.
 */
public final class QueryBench {
  private static final String TENANT = "query-bench";

  private final CountingDynamoDbClient counting;
  private final ScimEndpoint users;
  private final int userCount;

  private QueryBench(CountingDynamoDbClient counting, DynamoDbStore store, int userCount) {
    this.counting = counting;
    ScimDispatcher dispatcher =
        new ScimDispatcher(
            ScimApi.usersEndpoint(store),
            (request, failure) -> failure.printStackTrace(System.err));
    this.users = dispatcher::dispatch;
    this.userCount = userCount;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int userCount = Integer.parseInt(options.getOrDefault("users", "100000"));
    int lookups = Integer.parseInt(options.getOrDefault("lookups", "300"));
    int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "4"));
    PrintStream out = System.out;

    Dynoxide dynoxide = Dynoxide.shared();
    String table = dynoxide.freshTable();
    long loadStart = System.nanoTime();
    new UserLoader(dynoxide.client(), table, parallelism).load(TENANT, userCount);
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

    CountingDynamoDbClient counting =
        new CountingDynamoDbClient(
            DynamoDbClients.clientFor(dynoxide.endpoint(), Region.US_EAST_1));
    QueryBench bench = new QueryBench(counting, new DynamoDbStore(counting, table), userCount);
    List<Cost> costs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            Locale.ROOT,
            "loading %,d users (%,d items, BatchWriteItem, %d in flight) took %.1f s",
            userCount,
            3L * userCount + 1,
            parallelism * 4,
            loadSeconds));
    bench.check();
    bench.warmUp();
    costs.add(bench.lookups(lookups));
    costs.add(bench.countOnly());
    costs.addAll(bench.cursorExport(notes));
    costs.addAll(bench.indexPages());
    costs.addAll(bench.containsFilter(notes));
    costs.add(bench.sortedPage());
    print(out, costs, notes);
    System.exit(0);
  }

  // ---------------------------------------------------------------- operations

  private void check() {
    JsonNode total = get("/Users?count=0");
    if (total.path("totalResults").asInt() != userCount) {
      throw new IllegalStateException("loaded " + total + ", expected " + userCount);
    }
  }

  private void warmUp() {
    Random random = new Random(1);
    for (int i = 0; i < 200; i++) {
      get(filter("/Users", "userName eq \"user-" + number(1 + random.nextInt(userCount)) + "\""));
      get("/Users?count=100&cursor=");
    }
  }

  private Cost lookups(int n) {
    Cost cost = new Cost("`filter=userName eq \"user-NNNNNN\"` (key lookup)");
    Random random = new Random(42);
    for (int i = 0; i < n; i++) {
      int user = 1 + random.nextInt(userCount);
      JsonNode r =
          cost.measure(() -> get(filter("/Users", "userName eq \"USER-" + number(user) + "\"")));
      expect(r.path("totalResults").asInt() == 1, "lookup found " + r.path("totalResults"));
    }
    return cost;
  }

  private Cost countOnly() {
    Cost cost = new Cost("`count=0` (totalResults only)");
    for (int i = 0; i < 50; i++) {
      cost.measure(() -> get("/Users?count=0"));
    }
    return cost;
  }

  /** Every user once, 100 a page, with RFC 9865 cursors. */
  private List<Cost> cursorExport(List<String> notes) {
    Cost pages = new Cost("export, each page: `count=100&cursor=…` (id order)");
    Set<String> seen = new HashSet<>();
    String cursor = "";
    long start = System.nanoTime();
    do {
      String c = cursor;
      JsonNode page = pages.measure(() -> get("/Users?count=100&cursor=" + encode(c)));
      page.path("Resources").forEach(r -> seen.add(r.path("id").asText()));
      cursor = page.path("nextCursor").asText("");
    } while (!cursor.isEmpty());
    expect(seen.size() == userCount, "the export returned " + seen.size() + " users");
    Cost whole = pages.total("export, whole: " + String.format("%,d", userCount) + " users");
    notes.add(
        String.format(
            Locale.ROOT,
            "the cursor export took %.1f s for %,d pages",
            (System.nanoTime() - start) / 1e9,
            pages.requests()));
    Cost sorted = new Cost("export, each page: `count=100&cursor=…&sortBy=userName`");
    cursor = "";
    int n = 0;
    do {
      String c = cursor;
      JsonNode page =
          sorted.measure(() -> get("/Users?count=100&sortBy=userName&cursor=" + encode(c)));
      n += page.path("Resources").size();
      cursor = page.path("nextCursor").asText("");
    } while (!cursor.isEmpty());
    expect(n == userCount, "the sorted export returned " + n + " users");
    return List.of(pages, whole, sorted, sorted.total("export by userName, whole"));
  }

  /** Index pages walk the userName index: the deeper, the more keys they skip. */
  private List<Cost> indexPages() {
    List<Cost> out = new ArrayList<>();
    for (int start : new int[] {1, userCount / 2 + 1, userCount - 99}) {
      Cost cost = new Cost(String.format(Locale.ROOT, "`startIndex=%,d&count=100`", start));
      for (int i = 0; i < 10; i++) {
        JsonNode page = cost.measure(() -> get("/Users?count=100&startIndex=" + start));
        expect(page.path("Resources").size() == 100, "index page " + start);
      }
      out.add(cost);
    }
    return out;
  }

  /** A substring filter no key answers: a scan, bounded per request. */
  private List<Cost> containsFilter(List<String> notes) {
    String f = "userName co \"777\"";
    IntPredicate matches = i -> number(i).contains("777");
    long expected = IntStream.rangeClosed(1, userCount).filter(matches).count();
    boolean overBound = userCount > QueryLimits.STANDARD.maxScanned();
    Cost refused =
        new Cost(
            "`filter=userName co \"777\"&count=100` (index paging"
                + (overBound ? ": 400 tooMany)" : ")"));
    for (int i = 0; i < 20; i++) {
      refused.measureStatus(() -> send(filter("/Users?count=100", f)), overBound ? 400 : 200);
    }
    Cost pages = new Cost("`filter=userName co \"777\"&count=100&cursor=…`, each request");
    Set<String> found = new HashSet<>();
    String cursor = "";
    do {
      String c = cursor;
      JsonNode page = pages.measure(() -> get(filter("/Users?count=100&cursor=" + encode(c), f)));
      page.path("Resources").forEach(r -> found.add(r.path("id").asText()));
      cursor = page.path("nextCursor").asText("");
    } while (!cursor.isEmpty());
    expect(found.size() == expected, "co found " + found.size() + ", expected " + expected);
    notes.add(
        String.format(
            Locale.ROOT,
            "`userName co \"777\"` matches %,d users; with cursor paging it took %d requests"
                + " (each reads at most 10,000 users)",
            expected,
            pages.requests()));
    return List.of(refused, pages, pages.total("`co` filter, all pages"));
  }

  private Cost sortedPage() {
    Cost cost = new Cost("`sortBy=userName&sortOrder=descending&count=100` (first page)");
    for (int i = 0; i < 20; i++) {
      JsonNode page =
          cost.measure(() -> get("/Users?count=100&sortBy=userName&sortOrder=descending"));
      expect(
          page.path("Resources")
              .path(0)
              .path("userName")
              .asText()
              .equals("user-" + number(userCount)),
          "descending starts with the last user");
    }
    return cost;
  }

  // ---------------------------------------------------------------- requests

  private JsonNode get(String pathAndQuery) {
    ScimResponse r = send(pathAndQuery);
    expect(r.status() == 200, pathAndQuery + " -> " + r.status() + " " + r.body());
    return Json.parse(r.body());
  }

  private ScimResponse send(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    Map<String, String> query = new HashMap<>();
    if (q >= 0) {
      for (String pair : pathAndQuery.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            pair.substring(0, eq < 0 ? pair.length() : eq),
            eq < 0
                ? ""
                : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return users.handle(
        new ScimRequest(
            "GET",
            path,
            query,
            Map.of(),
            null,
            TENANT,
            UUID.randomUUID().toString(),
            "https://example.com/scim/v2"));
  }

  private static String filter(String path, String filter) {
    return path + (path.contains("?") ? "&" : "?") + "filter=" + encode(filter);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String number(int i) {
    return String.format("%06d", i);
  }

  private static void expect(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException(what);
    }
  }

  // ---------------------------------------------------------------- measuring

  /** What one kind of request cost: per request latency, DynamoDB calls, read capacity. */
  private final class Cost {
    private final String name;
    private final List<Long> nanos = new ArrayList<>();
    private final Map<String, Long> calls = new java.util.TreeMap<>();
    private double capacity;
    private long totalNanos = -1;

    Cost(String name) {
      this.name = name;
    }

    JsonNode measure(java.util.function.Supplier<JsonNode> request) {
      counting.reset();
      long start = System.nanoTime();
      JsonNode r = request.get();
      record(System.nanoTime() - start);
      return r;
    }

    void measureStatus(java.util.function.Supplier<ScimResponse> request, int status) {
      counting.reset();
      long start = System.nanoTime();
      ScimResponse r = request.get();
      record(System.nanoTime() - start);
      expect(r.status() == status, name + ": " + r.status() + " " + r.body());
    }

    private void record(long elapsed) {
      nanos.add(elapsed);
      counting.callsByOperation().forEach((op, n) -> calls.merge(op, n, Long::sum));
      capacity += counting.consumedCapacityUnits();
    }

    int requests() {
      return nanos.size();
    }

    /** The sum of all requests as one row. */
    Cost total(String label) {
      Cost t = new Cost(label);
      t.calls.putAll(calls);
      t.capacity = capacity;
      t.totalNanos = nanos.stream().mapToLong(Long::longValue).sum();
      t.nanos.add(t.totalNanos);
      t.perRequest = false;
      t.sumOf = nanos.size();
      return t;
    }

    private boolean perRequest = true;
    private int sumOf;

    String row() {
      int n = perRequest ? nanos.size() : 1;
      StringBuilder c = new StringBuilder();
      calls.forEach(
          (op, k) -> {
            if (c.length() > 0) {
              c.append(" + ");
            }
            c.append(op).append(' ').append(num((double) k / n));
          });
      if (!perRequest) {
        return String.format(
            Locale.ROOT,
            "| %s | sum of %,d | %s | %s | %.2f s in all | | |",
            name,
            sumOf,
            c.length() == 0 ? "none" : c,
            num(capacity),
            totalNanos / 1e9);
      }
      List<Long> sorted = nanos.stream().sorted().toList();
      return String.format(
          Locale.ROOT,
          "| %s | %d | %s | %s | %s | %s | %s |",
          name,
          n,
          c.length() == 0 ? "none" : c,
          num(capacity / n),
          ms(percentile(sorted, 50)),
          ms(percentile(sorted, 90)),
          ms(percentile(sorted, 99)));
    }
  }

  private static long percentile(List<Long> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  private static String num(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%,.2f", v);
  }

  private static void print(PrintStream out, List<Cost> costs, List<String> notes) {
    out.printf(
        "One thread, %d cores, requests to the core Users endpoint on Dynoxide; %s.%n%n",
        Runtime.getRuntime().availableProcessors(), String.join("; ", notes));
    out.println(
        "| request | requests | DynamoDB calls per request | read units per request (Dynoxide)"
            + " | p50 | p90 | p99 |");
    out.println("|---|---:|---|---:|---:|---:|---:|");
    for (Cost c : costs) {
      out.println(c.row());
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs");
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }
}
