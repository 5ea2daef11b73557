package dev.scimserverless.bench;

import static dev.scimserverless.bench.UsersEvents.expect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.scimserverless.handlers.UsersHandler;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.memory.InMemoryStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Warm latency of the Users handler on one thread, in this JVM: after {@code --warmup} POST and GET
 * requests, times {@code --iterations} POST /Users (each a new user) and then as many GET
 * /Users/{id} (over the users just created), each request alone with System.nanoTime. Prints
 * Markdown rows: p50 / p90 / p99 / max and the throughput of one thread (requests over the summed
 * request times).
 *
 * <p>The handler's one JSON log line per request is built as in Lambda but written to a null
 * stream, so that terminal or pipe speed is not measured.
 *
 * <p>Usage: {@code WarmLatency --store memory|dynamodb [--iterations 10000] [--warmup 10000]
 * [--http-client apache5|url-connection|apache|crt]}, or {@code WarmLatency --header true} for the
 * table's header (dynamodb: a Dynoxide started here, the client built as {@code
 * DynamoDbClients.clientFor} builds it in the function, on apache5-client by default, or on another
 * HTTP client).
 */
public final class WarmLatency {
  private static final String TENANT = "warm";
  private static final CallCounter CALLS = new CallCounter();

  private WarmLatency() {}

  public static void main(String[] args) {
    Args a = Args.parse(args);
    if (a.get("header", "false").equals("true")) {
      System.out.println(header());
      return;
    }
    String store = a.required("store");
    int iterations = a.integer("iterations", 10_000);
    int warmup = a.integer("warmup", 10_000);
    String httpClient = a.get("http-client", HttpClientChoice.OURS);
    PrintStream results = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));

    UsersHandler handler =
        switch (store) {
          case "memory" -> new UsersHandler(new InMemoryStore());
          case "dynamodb" -> {
            Dynoxide dynoxide = Dynoxide.shared();
            yield new UsersHandler(
                new DynamoDbStore(client(httpClient, dynoxide.endpoint()), dynoxide.freshTable()));
          }
          default -> throw new IllegalArgumentException("unknown store " + store);
        };

    String[] warm = new String[warmup];
    for (int i = 0; i < warmup; i++) {
      warm[i] =
          UsersEvents.createdId(
              expect(201, handler.handleRequest(UsersEvents.post(TENANT, "warm" + i), null)));
      expect(200, handler.handleRequest(UsersEvents.get(TENANT, warm[i]), null));
    }

    long callsBefore = CALLS.get();
    long[] post = new long[iterations];
    String[] ids = new String[iterations];
    for (int i = 0; i < iterations; i++) {
      APIGatewayProxyRequestEvent event = UsersEvents.post(TENANT, "user" + i);
      long start = System.nanoTime();
      var response = handler.handleRequest(event, null);
      post[i] = System.nanoTime() - start;
      ids[i] = UsersEvents.createdId(expect(201, response));
    }
    double postCalls = (CALLS.get() - callsBefore) / (double) iterations;
    callsBefore = CALLS.get();
    long[] get = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      // a stride through the ids, so that reads do not follow the write order
      APIGatewayProxyRequestEvent event =
          UsersEvents.get(TENANT, ids[(int) ((i * 7919L) % iterations)]);
      long start = System.nanoTime();
      var response = handler.handleRequest(event, null);
      get[i] = System.nanoTime() - start;
      expect(200, response);
    }

    double getCalls = (CALLS.get() - callsBefore) / (double) iterations;
    String options =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(o -> o.startsWith("-XX:"))
            .collect(Collectors.joining(" "));
    String jvm = options.isEmpty() ? "(none)" : "`" + options + "`";
    String label =
        store.equals("memory")
            ? store
            : store
                + " ("
                + httpClient
                + (httpClient.equals(HttpClientChoice.OURS) ? ", ours" : "")
                + ")";
    row(results, label, jvm, "POST /Users", postCalls, Samples.of(post));
    row(results, label, jvm, "GET /Users/{id}", getCalls, Samples.of(get));
    System.exit(0);
  }

  /**
   * A client configured as {@code DynamoDbClients.clientFor} configures the function's (same
   * timeouts, region, endpoint override, static credentials) on the named HTTP client, whose jars
   * must be on the class path, counting the API calls it makes.
   */
  private static DynamoDbClient client(String httpClient, URI endpoint) {
    return DynamoDbClient.builder()
        .httpClient(HttpClientChoice.build(httpClient))
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .overrideConfiguration(c -> c.addExecutionInterceptor(CALLS))
        .build();
  }

  /** Counts DynamoDB API calls (not HTTP attempts). */
  private static final class CallCounter implements ExecutionInterceptor {
    private final AtomicLong calls = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      calls.incrementAndGet();
    }

    long get() {
      return calls.get();
    }
  }

  /** The header of the rows {@link #main} prints. */
  static String header() {
    return "| store (HTTP client) | JVM options | request | DynamoDB calls per request | n | p50 | p90 |"
        + " p99 | max | requests/s (1 thread) |\n"
        + "|---|---|---|---|---|---|---|---|---|---|";
  }

  private static void row(
      PrintStream out, String store, String jvm, String request, double calls, Samples s) {
    out.printf(
        "| %s | %s | %s | %s | %d | %s | %s | %s | %s | %,.0f |%n",
        store,
        jvm,
        request,
        store.equals("memory") ? "-" : String.format("%.1f", calls),
        s.count(),
        Samples.latency(s.median()),
        Samples.latency(s.percentile(90)),
        Samples.latency(s.percentile(99)),
        Samples.latency(s.max()),
        s.count() / (s.sum() / 1e9));
  }
}
