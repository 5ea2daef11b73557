package dev.scimserverless.bench.groups;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.handlers.GroupsHandler;
import dev.scimserverless.handlers.ScimFunction;
import dev.scimserverless.handlers.UsersHandler;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbClients;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.dynamodb.MembershipLoader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import software.amazon.awssdk.regions.Region;

/**
 * DynamoDB calls, consumed capacity and latency per group operation for groups of 10, 10,000 and
 * 100,000 members (issue 4; the table of docs/performance.md, "Groups (issue 4)"). Flat lines
 * across the sizes are the target for everything but a GET that lists the members.
 *
 * <p>Runs the Groups and Users handlers in this JVM on a Dynoxide table (started here), their
 * store's client wrapped in a {@link CountingDynamoDbClient}; each request is counted and timed
 * alone (the handler's log line goes to a null stream). The token authorizer is not run (API
 * Gateway caches its answer), so the counts are the function's own. A group's members are loaded
 * with {@link MembershipLoader} (uncounted): one member with its reverse item, the rest as
 * membership items; the members added and removed are real users created through the handler.
 *
 * <p>Operations: PATCH adding one member as Okta and Entra ID send it (default response, 204), the
 * same add asking for the group without members ({@code ?excludedAttributes=members}, 200), PATCH
 * removing one member by filter ({@code members[value eq "u"]}, 204), GET without members, GET with
 * members (a 400 {@code tooMany} above 20,000 members), and Entra ID's membership test {@code id eq
 * "g" and members[value eq "u"]}; GET /Users/{id} for reference.
 *
 * <p>Usage: {@code GroupsBench [--sizes 10,10000,100000] [--iterations 200] [--member-gets 20]
 * [--warmup 300] [--parallelism 4]}. Prints Markdown.
 */
public final class GroupsBench {
  private static final String TENANT = "groups-bench";
  private static final Map<String, String> NO_MEMBERS = Map.of("excludedAttributes", "members");

  private final CountingDynamoDbClient counting;
  private final ScimFunction groups;
  private final ScimFunction users;
  private final ScimEvents events = new ScimEvents(TENANT);
  private final MembershipLoader loader;
  private final List<String> userIds = new ArrayList<>();

  private GroupsBench(Dynoxide dynoxide, int parallelism) {
    String table = dynoxide.freshTable();
    this.counting =
        new CountingDynamoDbClient(
            DynamoDbClients.clientFor(dynoxide.endpoint(), Region.US_EAST_1));
    DynamoDbStore store = new DynamoDbStore(counting, table);
    this.groups = new GroupsHandler(store);
    this.users = new UsersHandler(store);
    this.loader = new MembershipLoader(dynoxide.client(), table, parallelism);
  }

  public static void main(String[] args) {
    Map<String, String> options = options(args);
    List<Integer> sizes =
        Arrays.stream(options.getOrDefault("sizes", "10,10000,100000").split(","))
            .map(Integer::parseInt)
            .toList();
    int iterations = Integer.parseInt(options.getOrDefault("iterations", "200"));
    int memberGets = Integer.parseInt(options.getOrDefault("member-gets", "20"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "300"));
    int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "4"));

    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream())); // the handlers' log lines
    GroupsBench bench = new GroupsBench(Dynoxide.shared(), parallelism);
    bench.createUsers(Math.max(iterations, warmup));

    List<String> notes = new ArrayList<>();
    bench.runSize(10, warmup, Math.min(warmup, 20), notes); // warm-up, not reported
    notes.clear();
    List<OperationCost> costs = new ArrayList<>();
    for (int size : sizes) {
      costs.addAll(bench.runSize(size, iterations, memberGets, notes));
    }
    costs.add(bench.userGet(iterations));

    print(out, costs, sizes, notes, iterations);
    System.exit(0);
  }

  // ---------------------------------------------------------------- measuring

  private void createUsers(int n) {
    for (int i = 0; i < n; i++) {
      userIds.add(
          ScimEvents.createdId(users.handleRequest(events.createUser("member-" + i), null)));
    }
  }

  /** Creates a group of {@code size} members and measures every operation on it. */
  private List<OperationCost> runSize(
      int size, int iterations, int memberGets, List<String> notes) {
    String group =
        ScimEvents.createdId(
            groups.handleRequest(
                events.createGroup("Group of " + size + " " + UUID.randomUUID()), null));
    String probe = UUID.randomUUID().toString();
    long start = System.nanoTime();
    loader.loadMembers(TENANT, group, List.of(probe));
    loader.loadMembershipItemsOnly(
        TENANT,
        group,
        IntStream.range(1, size).mapToObj(i -> UUID.randomUUID().toString()).toList());
    notes.add(
        String.format("loading %,d members took %.1f s", size, (System.nanoTime() - start) / 1e9));

    OperationCost add = new OperationCost("PATCH add one member (IdP default)", size);
    OperationCost addExcluding =
        new OperationCost("PATCH add one member `?excludedAttributes=members`", size);
    OperationCost remove = new OperationCost("PATCH remove one member (IdP default)", size);
    OperationCost removeExcluding =
        new OperationCost("PATCH remove one member `?excludedAttributes=members`", size);
    OperationCost getWithout = new OperationCost("GET `?excludedAttributes=members`", size);
    OperationCost getWith = new OperationCost("GET with members", size);
    OperationCost filter =
        new OperationCost("GET `id eq \"g\" and members[value eq \"u\"]` (Entra)", size);

    for (int i = 0; i < iterations; i++) {
      String user = userIds.get(i);
      call(add, groups, events.addMember(group, user, Map.of()));
      call(remove, groups, events.removeMember(group, user, Map.of()));
    }
    for (int i = 0; i < iterations; i++) {
      String user = userIds.get(i);
      call(addExcluding, groups, events.addMember(group, user, NO_MEMBERS));
      call(removeExcluding, groups, events.removeMember(group, user, NO_MEMBERS));
    }
    for (int i = 0; i < iterations; i++) {
      call(getWithout, groups, events.getGroup(group, NO_MEMBERS));
    }
    for (int i = 0; i < memberGets; i++) {
      call(getWith, groups, events.getGroup(group, Map.of()));
    }
    for (int i = 0; i < iterations; i++) {
      APIGatewayProxyResponseEvent r = call(filter, groups, events.membershipFilter(group, probe));
      int found = Json.parse(ScimEvents.expect(200, r).getBody()).path("totalResults").asInt();
      if (found != 1) {
        throw new IllegalStateException("the membership filter found " + found + " groups");
      }
    }
    return List.of(add, remove, addExcluding, removeExcluding, getWithout, getWith, filter);
  }

  private OperationCost userGet(int iterations) {
    OperationCost get = new OperationCost("GET /Users/{id} (reference)", 0);
    for (int i = 0; i < iterations; i++) {
      ScimEvents.expect(200, call(get, users, events.getUser(userIds.get(i))));
    }
    return get;
  }

  /** One request, counted and timed alone. */
  private APIGatewayProxyResponseEvent call(
      OperationCost cost, ScimFunction handler, APIGatewayProxyRequestEvent event) {
    counting.reset();
    long start = System.nanoTime();
    APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
    long elapsed = System.nanoTime() - start;
    String body = response.getBody();
    cost.record(
        response.getStatusCode(),
        body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length,
        counting.callsByOperation(),
        counting.consumedCapacityUnits(),
        elapsed);
    return response;
  }

  // ---------------------------------------------------------------- printing

  private static void print(
      PrintStream out, List<OperationCost> costs, List<Integer> sizes, List<String> notes, int n) {
    out.printf(
        "%d requests per operation and size (GET with members: fewer), one thread, %d cores; %s.%n%n",
        n, Runtime.getRuntime().availableProcessors(), String.join("; ", notes));
    out.println(
        "| operation | members | status | DynamoDB calls per request | capacity units per request"
            + " | response body | p50 | p90 | p99 |");
    out.println("|---|---:|---|---|---:|---:|---:|---:|---:|");
    for (OperationCost c : costs) {
      out.printf(
          "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          c.operation(),
          c.members() == 0 ? "—" : String.format("%,d", c.members()),
          c.statuses(),
          c.callsPerRequest(),
          OperationCost.number(c.capacityPerRequest()),
          OperationCost.bytes(c.maxResponseBytes()),
          OperationCost.latency(c.percentile(50)),
          OperationCost.latency(c.percentile(90)),
          OperationCost.latency(c.percentile(99)));
    }

    out.println();
    StringBuilder header = new StringBuilder("| operation |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int size : sizes) {
      header.append(String.format(" calls / units at %,d |", size));
      rule.append("---:|");
    }
    out.println(header.append(" flat? |"));
    out.println(rule.append("---|"));
    Map<String, List<OperationCost>> byOperation = new LinkedHashMap<>();
    for (OperationCost c : costs) {
      if (c.members() > 0) {
        byOperation.computeIfAbsent(c.operation(), k -> new ArrayList<>()).add(c);
      }
    }
    byOperation.forEach(
        (operation, row) -> {
          StringBuilder line = new StringBuilder("| " + operation + " |");
          for (OperationCost c : row) {
            line.append(
                String.format(
                    " %s / %s%s |",
                    OperationCost.number(c.totalCalls()),
                    OperationCost.number(c.capacityPerRequest()),
                    c.statuses().equals("200") || c.statuses().equals("204")
                        ? ""
                        : " (" + c.statuses() + ")"));
          }
          boolean flat =
              row.stream()
                  .allMatch(
                      c -> c.sameCostAs(row.get(0)) && c.statuses().equals(row.get(0).statuses()));
          out.println(line.append(flat ? " yes |" : " **no** |"));
        });
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs: " + Arrays.toString(args));
      }
      values.put(args[i].substring(2), args[++i]);
    }
    return values;
  }
}
