package dev.scimserverless.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.local.LocalEndpoint;
import dev.scimserverless.store.dynamodb.DynamoDbAuditLog;
import dev.scimserverless.store.dynamodb.DynamoDbClients;
import dev.scimserverless.store.dynamodb.DynamoDbProvisioningLog;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.DynamoDbTables;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.dynamodb.TableCheck;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The fault harness (issue 12): N IdP-like clients run the Okta/Entra provisioning mix (create a
 * user, add it to the client's group, PATCH its title, sometimes remove it from the group, GET it)
 * against the local endpoint on Dynoxide while the store is paused ({@code SIGSTOP}) and resumed,
 * killed and restarted on its data file, and the AWS SDK's attempts are made to fail (throttling,
 * 500s, connection resets) or slowed ({@link FaultInjector}). Clients retry 503/504/429 after
 * {@code Retry-After}, as IdPs do. A {@link Ledger} keeps every acknowledged write; afterwards the
 * harness reads everything back through the API and counts what was lost or came back.
 *
 * <p>{@code java -cp ... dev.scimserverless.bench.faults.FaultHarness --clients 6 --seconds 60
 * --seed 1}; {@code FaultHarnessIT} runs a 30 s version in {@code mvn verify}.
 */
public final class FaultHarness {
  static final String TENANT = "faults";
  static final String TOKEN = "scim_fault_harness_token_0123456789";

  /** The client's limit per request: past API Gateway's 29 s, a request counts as hung. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(35);

  /** How long a client keeps retrying one step before it gives up (and the key is ambiguous). */
  static final Duration STEP_LIMIT = Duration.ofSeconds(45);

  /** How long the store stays dead after it was killed. */
  static final Duration KILLED = Duration.ofSeconds(3);

  /** What a run does. */
  public record Options(int clients, Duration duration, long seed, Duration pause) {
    public static Options of(int clients, Duration duration, long seed) {
      // longer than a store call may take (8 s, ClientLimits), so that requests do fail
      long pauseMillis = Math.min(10_000, duration.toMillis() * 25 / 100);
      return new Options(clients, duration, seed, Duration.ofMillis(pauseMillis));
    }
  }

  /** What a run saw. */
  public record Report(
      int clients,
      double seconds,
      long requests,
      long succeeded,
      Map<String, Long> faults,
      Map<Integer, Long> retryable,
      long serverErrors500,
      long badFailures,
      long unexpected,
      long dropped,
      long hung,
      long gaveUp,
      long foundAfterConflict,
      long lost,
      long resurrected,
      long ambiguous,
      long checkedUsers,
      long checkedMemberships,
      long checkedUserGroups,
      Map<String, Double> recoverySeconds,
      Map<String, Double> firstSuccessSeconds,
      Map<String, Long> failuresByFault,
      double longestGapSeconds,
      double slowestSeconds,
      List<String> samples,
      List<String> tableViolations) {

    /** The same with the table check's violations (scim-admin check, run at the end). */
    Report withTableViolations(List<String> violations) {
      return new Report(
          clients,
          seconds,
          requests,
          succeeded,
          faults,
          retryable,
          serverErrors500,
          badFailures,
          unexpected,
          dropped,
          hung,
          gaveUp,
          foundAfterConflict,
          lost,
          resurrected,
          ambiguous,
          checkedUsers,
          checkedMemberships,
          checkedUserGroups,
          recoverySeconds,
          firstSuccessSeconds,
          failuresByFault,
          longestGapSeconds,
          slowestSeconds,
          samples,
          List.copyOf(violations));
    }

    public String text() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              "fault harness: %d clients, %.1f s, %d requests (%d 2xx)%n",
              clients, seconds, requests, succeeded));
      b.append("faults injected: ").append(faults).append('\n');
      b.append("answered 5xx/429 by kind (all SCIM Errors with Retry-After unless counted below): ")
          .append(retryable)
          .append('\n');
      b.append(
          String.format(
              "500: %d, failures without Retry-After or not a SCIM Error: %d, other unexpected"
                  + " statuses: %d%n",
              serverErrors500, badFailures, unexpected));
      b.append(
          String.format(
              "dropped: %d, hung (> %d s): %d, steps given up: %d, retried creates answered 409"
                  + " and found by userName: %d%n",
              dropped, REQUEST_TIMEOUT.toSeconds(), hung, gaveUp, foundAfterConflict));
      b.append(
          String.format(
              "checked %d users, %d memberships (group side) and %d (user side, User.groups):"
                  + " lost %d, removed but back %d, ambiguous %d%n",
              checkedUsers, checkedMemberships, checkedUserGroups, lost, resurrected, ambiguous));
      b.append(
          "per fault (failed answers from its start to 10 s after its end or the next fault;"
              + " recovery = its end to the last of them):\n");
      recoverySeconds.forEach(
          (k, v) ->
              b.append(
                  String.format(
                      "  %s: %d failed answers, recovery %.1f s (first 2xx %.1f s after its"
                          + " end)%n",
                      k, failuresByFault.get(k), v, firstSuccessSeconds.get(k))));
      b.append(
          String.format(
              "longest time without a 2xx: %.1f s, slowest answer: %.1f s%n",
              longestGapSeconds, slowestSeconds));
      b.append(
          String.format(
              "table check (scim-admin check): %s%n",
              tableViolations.isEmpty() ? "clean" : tableViolations.size() + " violation(s)"));
      tableViolations.forEach(v -> b.append("  violation: ").append(v).append('\n'));
      samples.forEach(s -> b.append("  sample: ").append(s).append('\n'));
      return b.toString();
    }
  }

  private final Options options;
  private final String baseUrl;
  private final Ledger ledger = new Ledger();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final Map<Integer, AtomicLong> retryable = new LinkedHashMap<>();
  private final AtomicLong serverErrors500 = new AtomicLong();
  private final AtomicLong badFailures = new AtomicLong();
  private final AtomicLong unexpected = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong hung = new AtomicLong();
  private final AtomicLong gaveUp = new AtomicLong();
  private final AtomicLong foundAfterConflict = new AtomicLong();
  private final ConcurrentSkipListSet<Long> successTimes = new ConcurrentSkipListSet<>();
  private final ConcurrentSkipListSet<Long> failureTimes = new ConcurrentSkipListSet<>();
  private final AtomicLong slowestNanos = new AtomicLong();
  private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
  private final List<String> groups = new ArrayList<>();
  private volatile long deadline;

  private FaultHarness(Options options, String baseUrl) {
    this.options = options;
    this.baseUrl = baseUrl;
    for (int s : new int[] {503, 504, 429}) {
      retryable.put(s, new AtomicLong());
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Options o =
        Options.of(
            Integer.parseInt(a.getOrDefault("clients", "6")),
            Duration.ofSeconds(Long.parseLong(a.getOrDefault("seconds", "60"))),
            Long.parseLong(a.getOrDefault("seed", "1")));
    Report r = run(o);
    System.out.print(r.text());
    System.exit(r.lost() == 0 && r.dropped() == 0 && r.serverErrors500() == 0 ? 0 : 1);
  }

  /** Runs the clients and the faults for the options' duration, then checks the ledger. */
  public static Report run(Options options) throws Exception {
    Path work = Files.createTempDirectory("scim-faults-");
    FaultInjector injector =
        new FaultInjector(options.seed(), 0.15, 0.10, 0.10, 0.15, 300)
            .withResponseLost(Double.parseDouble(System.getProperty("faults.responseLost", "0.1")));
    try (StoreProcess store = StoreProcess.start(Dynoxide.binary(), work.resolve("dynoxide.db"))) {
      DynamoDbClient client =
          DynamoDbClients.clientFor(store.endpoint(), Region.US_EAST_1, List.of(injector));
      String table = "scim-faults";
      DynamoDbTables.createIfMissing(client, table);
      LocalEndpoint.Settings settings =
          LocalEndpoint.Settings.defaults()
              .withAuditLog(new DynamoDbAuditLog(client, table, Duration.ofDays(30)))
              .withProvisioningLog(new DynamoDbProvisioningLog(client, table));
      try (LocalEndpoint endpoint =
          LocalEndpoint.start(
              0, new DynamoDbStore(client, table), Map.of(TENANT, TOKEN), settings)) {
        FaultHarness h = new FaultHarness(options, endpoint.baseUrl());
        Report report = h.drive(store, injector);
        // every unique, lookup and membership item still consistent after the faults
        TableCheck.Report check = new TableCheck(client, table).check(TENANT, false, s -> {});
        return report.withTableViolations(
            check.violations().stream().map(v -> v.kind() + ": " + v.item()).toList());
      } finally {
        client.close();
      }
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private Report drive(StoreProcess store, FaultInjector injector) throws Exception {
    HttpClient setup = http();
    for (int i = 0; i < options.clients(); i++) {
      Answer g =
          step(
              setup,
              "POST",
              "/Groups",
              "{\"displayName\":\"fault-group-" + i + "-" + options.seed() + "\"}",
              Set.of(201));
      if (g == null || g.status() != 201) {
        throw new IllegalStateException("cannot create the groups: " + g);
      }
      groups.add(g.json().get("id").asText());
    }
    long start = System.nanoTime();
    deadline = start + options.duration().toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(options.clients() + 1);
    List<Future<?>> clients = new ArrayList<>();
    for (int i = 0; i < options.clients(); i++) {
      int n = i;
      clients.add(pool.submit(() -> client(n)));
    }
    Map<String, long[]> faultEnds = new LinkedHashMap<>();
    Future<?> faults = pool.submit(() -> faults(start, store, injector, faultEnds));
    faults.get();
    for (Future<?> c : clients) {
      c.get(STEP_LIMIT.toSeconds() * 6, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
    double seconds = (System.nanoTime() - start) / 1e9;
    injector.off();
    return verify(seconds, store, injector, faultEnds);
  }

  // ---------------------------------------------------------------- faults

  private Void faults(
      long start, StoreProcess store, FaultInjector injector, Map<String, long[]> windows)
      throws Exception {
    long d = options.duration().toNanos();
    sleepUntil(start + d * 10 / 100);
    long from = System.nanoTime();
    store.pause();
    sleepUntil(System.nanoTime() + options.pause().toNanos());
    store.resume();
    windows.put(
        "pause " + options.pause().toMillis() / 1000.0 + " s",
        new long[] {from, System.nanoTime()});
    sleepUntil(start + d * 45 / 100);
    from = System.nanoTime();
    injector.on();
    sleepUntil(start + d * 65 / 100);
    injector.off();
    windows.put(
        "SDK faults " + (d * 20 / 100) / 1_000_000_000.0 + " s",
        new long[] {from, System.nanoTime()});
    sleepUntil(start + d * 80 / 100);
    from = System.nanoTime();
    store.kill();
    Thread.sleep(KILLED.toMillis());
    store.restart();
    windows.put(
        "kill, restart after " + KILLED.toSeconds() + " s", new long[] {from, System.nanoTime()});
    return null;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  // ---------------------------------------------------------------- one IdP-like client

  private Void client(int n) {
    HttpClient http = http();
    Random random = new Random(options.seed() * 1_000 + n);
    String group = groups.get(n);
    int i = 0;
    while (System.nanoTime() < deadline) {
      i++;
      String userName = "fault-" + options.seed() + "-" + n + "-" + i + "@example.com";
      String user = createUser(http, userName);
      if (user == null) {
        continue;
      }
      memberWrite(http, group, user, true);
      String title = "title-" + i + "-" + random.nextInt(1_000);
      Answer t =
          step(
              http,
              "PATCH",
              "/Users/" + user,
              "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                  + "\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\""
                  + title
                  + "\"}]}",
              Set.of(200, 204));
      if (t != null && t.ok()) {
        ledger.title(user, title);
      } else {
        ledger.titleUnknown(user);
      }
      if (random.nextBoolean()) {
        memberWrite(http, group, user, false);
      }
      step(http, "GET", "/Users/" + user, null, Set.of(200));
    }
    return null;
  }

  private String createUser(HttpClient http, String userName) {
    String body =
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
            + userName
            + "\",\"active\":true,\"name\":{\"givenName\":\"F\",\"familyName\":\"H\"},"
            + "\"emails\":[{\"value\":\""
            + userName
            + "\",\"type\":\"work\",\"primary\":true}]}";
    Answer a = step(http, "POST", "/Users", body, Set.of(201, 409));
    if (a == null) {
      return null; // given up: may exist or not; never checked
    }
    if (a.status() == 201) {
      String id = a.json().get("id").asText();
      ledger.created(id, userName);
      return id;
    }
    if (!a.retried()) {
      note("409 on a first create of " + userName + ": " + a.text());
      unexpected.incrementAndGet();
      return null;
    }
    // an earlier attempt was made although it was answered 5xx: find it, as an IdP does
    Answer found =
        step(
            http,
            "GET",
            "/Users?filter="
                + URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8)
                    .replace("+", "%20"),
            null,
            Set.of(200));
    if (found == null || found.json().path("Resources").size() != 1) {
      return null;
    }
    String id = found.json().path("Resources").get(0).get("id").asText();
    foundAfterConflict.incrementAndGet();
    ledger.created(id, userName);
    return id;
  }

  private void memberWrite(HttpClient http, String group, String user, boolean add) {
    String op =
        add
            ? "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}"
            : "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}";
    Answer a =
        step(
            http,
            "PATCH",
            "/Groups/" + group,
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                + op
                + "]}",
            Set.of(200, 204));
    if (a != null && a.ok()) {
      ledger.member(group, user, add);
    } else {
      ledger.memberUnknown(group, user);
    }
  }

  // ---------------------------------------------------------------- requests

  record Answer(int status, String text, boolean retried) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonNode json() {
      return Json.parse(text);
    }
  }

  private static HttpClient http() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Sends until an expected status, retrying 503/504/429 after {@code Retry-After} (at most 2 s)
   * and dropped or hung requests at once; null when {@link #STEP_LIMIT} passes first. Another
   * status is returned as it is (and counted as unexpected).
   */
  private Answer step(HttpClient http, String method, String path, String body, Set<Integer> ok) {
    long giveUp = System.nanoTime() + STEP_LIMIT.toNanos();
    boolean retried = false;
    while (System.nanoTime() < giveUp) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(REQUEST_TIMEOUT)
              .header("Authorization", "Bearer " + TOKEN)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        b.header("Content-Type", "application/scim+json");
      }
      requests.incrementAndGet();
      HttpResponse<String> r;
      long sent = System.nanoTime();
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        slowestNanos.accumulateAndGet(System.nanoTime() - sent, Math::max);
      } catch (HttpTimeoutException e) {
        failureTimes.add(System.nanoTime());
        hung.incrementAndGet();
        note("hung: " + method + " " + path);
        retried = true;
        continue;
      } catch (IOException e) {
        failureTimes.add(System.nanoTime());
        dropped.incrementAndGet();
        note("dropped: " + method + " " + path + ": " + e);
        retried = true;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      int status = r.statusCode();
      if (status >= 200 && status < 300) {
        succeeded.incrementAndGet();
        successTimes.add(System.nanoTime());
      }
      if (ok.contains(status)) {
        return new Answer(status, r.body(), retried);
      }
      if (status >= 500 || status == 429) {
        failureTimes.add(System.nanoTime());
      }
      if (status == 503 || status == 504 || status == 429) {
        retryable.get(status).incrementAndGet();
        long wait = retryAfter(r, method, path);
        retried = true;
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
        continue;
      }
      if (status >= 500) {
        serverErrors500.incrementAndGet();
      } else {
        unexpected.incrementAndGet();
      }
      note(status + " for " + method + " " + path + ": " + r.body());
      return new Answer(status, r.body(), retried);
    }
    gaveUp.incrementAndGet();
    return null;
  }

  /** The wait a 503/504/429 asks for, in ms; counts one that is not a SCIM Error with it. */
  private long retryAfter(HttpResponse<String> r, String method, String path) {
    String header = r.headers().firstValue("Retry-After").orElse(null);
    boolean scimError;
    try {
      JsonNode n = Json.parse(r.body());
      scimError =
          n.path("schemas").path(0).asText().endsWith(":Error")
              && n.path("status").asText().equals(Integer.toString(r.statusCode()));
    } catch (RuntimeException e) {
      scimError = false;
    }
    if (header == null || !header.matches("[0-9]+") || !scimError) {
      badFailures.incrementAndGet();
      note(
          "bad "
              + r.statusCode()
              + " for "
              + method
              + " "
              + path
              + ": "
              + r.headers().map()
              + " "
              + r.body());
      return 1_000;
    }
    return Math.min(2_000, Long.parseLong(header) * 1_000);
  }

  private void note(String sample) {
    if (samples.size() < 20) {
      samples.add(sample.length() > 400 ? sample.substring(0, 400) + "…" : sample);
    }
  }

  // ---------------------------------------------------------------- checking the ledger

  private Report verify(
      double seconds, StoreProcess store, FaultInjector injector, Map<String, long[]> windows) {
    HttpClient http = http();
    long lost = 0;
    long resurrected = 0;
    long ambiguous = 0;
    long checkedMemberships = 0;
    long checkedUserGroups = 0;
    Map<String, String> users;
    Map<String, Ledger.Entry<String>> titles;
    Map<String, Ledger.Entry<Boolean>> members;
    synchronized (ledger) {
      users = new LinkedHashMap<>(ledger.users);
      titles = new LinkedHashMap<>(ledger.titles);
      members = new LinkedHashMap<>(ledger.members);
    }
    for (Map.Entry<String, String> u : users.entrySet()) {
      Answer a = step(http, "GET", "/Users/" + u.getKey(), null, Set.of(200, 404));
      if (a == null || a.status() != 200) {
        lost++;
        note(
            "lost user "
                + u.getValue()
                + " ("
                + u.getKey()
                + "): "
                + (a == null ? "no answer" : a.text()));
        continue;
      }
      // the user's own view of its groups (the reverse membership items) agrees with the ledger
      Set<String> userGroups = new HashSet<>();
      a.json().path("groups").forEach(gr -> userGroups.add(gr.path("value").asText()));
      for (String g : groups) {
        Ledger.Entry<Boolean> m = members.get(Ledger.pair(g, u.getKey()));
        if (m == null || m.ambiguous || !m.acknowledged) {
          continue;
        }
        checkedUserGroups++;
        if (m.value && !userGroups.contains(g)) {
          lost++;
          note("lost group " + g + " from the groups of user " + u.getKey());
        } else if (!m.value && userGroups.contains(g)) {
          resurrected++;
          note("removed group " + g + " back in the groups of user " + u.getKey());
        }
      }
      Ledger.Entry<String> t = titles.get(u.getKey());
      if (t == null || t.ambiguous || !t.acknowledged) {
        ambiguous += t == null ? 0 : 1;
        continue;
      }
      String title = a.json().path("title").asText(null);
      if (!t.value.equals(title)) {
        lost++;
        note("lost title of " + u.getKey() + ": acknowledged " + t.value + ", stored " + title);
      }
    }
    for (String g : groups) {
      Answer a = step(http, "GET", "/Groups/" + g, null, Set.of(200));
      Set<String> present = new HashSet<>();
      if (a != null) {
        a.json().path("members").forEach(m -> present.add(m.path("value").asText()));
      }
      for (Map.Entry<String, Ledger.Entry<Boolean>> e : members.entrySet()) {
        if (!e.getKey().startsWith(g + "/")) {
          continue;
        }
        String user = e.getKey().substring(g.length() + 1);
        Ledger.Entry<Boolean> m = e.getValue();
        if (m.ambiguous || !m.acknowledged) {
          ambiguous++;
          continue;
        }
        checkedMemberships++;
        if (m.value && !present.contains(user)) {
          lost++;
          note("lost membership " + e.getKey());
        } else if (!m.value && present.contains(user)) {
          resurrected++;
          note("removed membership back: " + e.getKey());
        }
      }
    }
    Map<String, Long> faults = new LinkedHashMap<>();
    faults.put("pause", 1L);
    faults.put("kill+restart", 1L);
    for (FaultInjector.Kind k : FaultInjector.Kind.values()) {
      faults.put(k.name().toLowerCase(), injector.injected(k));
    }
    // per fault: the failures answered from its start until 10 s after its end, and the
    // recovery: from its end to the last of those failures (0 when none followed the end)
    Map<String, Double> recovery = new LinkedHashMap<>();
    Map<String, Long> failuresByFault = new LinkedHashMap<>();
    Map<String, Double> firstSuccess = new LinkedHashMap<>();
    List<Map.Entry<String, long[]>> ordered = new ArrayList<>(windows.entrySet());
    for (int i = 0; i < ordered.size(); i++) {
      long[] w = ordered.get(i).getValue();
      long tail = w[1] + TimeUnit.SECONDS.toNanos(10);
      if (i + 1 < ordered.size()) {
        tail = Math.min(tail, ordered.get(i + 1).getValue()[0]);
      }
      String name = ordered.get(i).getKey();
      failuresByFault.put(name, (long) failureTimes.subSet(w[0], tail).size());
      Long last = failureTimes.lower(tail);
      recovery.put(name, last == null || last < w[1] ? 0.0 : (last - w[1]) / 1e9);
      Long first = successTimes.ceiling(w[1]);
      firstSuccess.put(name, first == null ? Double.NaN : (first - w[1]) / 1e9);
    }
    long gap = 0;
    Long previous = null;
    for (Long t : successTimes) {
      if (previous != null) {
        gap = Math.max(gap, t - previous);
      }
      previous = t;
    }
    Map<Integer, Long> byKind = new LinkedHashMap<>();
    retryable.forEach((k, v) -> byKind.put(k, v.get()));
    return new Report(
        options.clients(),
        seconds,
        requests.get(),
        succeeded.get(),
        faults,
        byKind,
        serverErrors500.get(),
        badFailures.get(),
        unexpected.get(),
        dropped.get(),
        hung.get(),
        gaveUp.get(),
        foundAfterConflict.get(),
        lost,
        resurrected,
        ambiguous,
        users.size(),
        checkedMemberships,
        checkedUserGroups,
        recovery,
        firstSuccess,
        failuresByFault,
        gap / 1e9,
        slowestNanos.get() / 1e9,
        List.copyOf(samples),
        List.of());
  }
}
