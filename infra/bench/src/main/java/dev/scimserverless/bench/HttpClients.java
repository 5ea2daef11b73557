package dev.scimserverless.bench;

import dev.scimserverless.store.dynamodb.Dynoxide;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compares the SDK's synchronous HTTP clients against Dynoxide: for each, in fresh JVMs with the
 * template's {@code -XX:TieredStopAtLevel=1} on the function's jar plus that client's jars, the
 * time to a built DynamoDbClient and to the first GetItem answered ({@code --samples} JVMs,
 * interleaved), then warm GetItem latency in one more JVM; and the size of the client's jars (for
 * the functions' own, apache5-client, the size of its classes and httpclient5's and httpcore5's in
 * the function's jar). Prints a Markdown table.
 *
 * <p>Usage: {@code HttpClients --jar scim-functions.jar --bench-jar scim-bench.jar --clients-dir
 * target/clients [--samples 10] [--warm 5000]}; {@code clients-dir/<name>/} holds the jars of each
 * client but apache5-client (already in the function's jar).
 */
public final class HttpClients {
  /** The key of the item every GetItem reads. */
  static final Map<String, AttributeValue> ITEM_KEY =
      Map.of("pk", AttributeValue.fromS("bench#http-client"), "sk", AttributeValue.fromS("item"));

  private static final List<String> CLIENTS = List.of("apache5", "url-connection", "apache", "crt");

  /** Where the functions' client and the Apache HttpComponents 5 it uses sit in the jar. */
  private static final List<String> OUR_CLIENT_ENTRIES =
      List.of("software/amazon/awssdk/http/apache5/", "org/apache/hc/");

  private static final List<String> C1 =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

  private HttpClients() {}

  public static void main(String[] args) throws IOException {
    Args a = Args.parse(args);
    String jar = Path.of(a.required("jar")).toAbsolutePath().toString();
    String benchJar = Path.of(a.required("bench-jar")).toAbsolutePath().toString();
    Path clientsDir = Path.of(a.required("clients-dir")).toAbsolutePath();
    int samples = a.integer("samples", 10);
    int warm = a.integer("warm", 5000);

    Dynoxide dynoxide = Dynoxide.shared();
    String table = dynoxide.freshTable();
    Map<String, AttributeValue> item = new LinkedHashMap<>(ITEM_KEY);
    item.put("payload", AttributeValue.fromS("x".repeat(800)));
    dynoxide.client().putItem(b -> b.tableName(table).item(item));
    String[] target = {"--endpoint", dynoxide.endpoint().toString(), "--table", table};

    Map<String, Jvm.Launch> launches = new LinkedHashMap<>();
    Map<String, Long> added = new LinkedHashMap<>();
    for (String client : CLIENTS) {
      List<String> cp = new ArrayList<>(List.of(jar, benchJar));
      long bytes = 0;
      Path dir = clientsDir.resolve(client);
      if (!client.equals(HttpClientChoice.OURS)) {
        try (Stream<Path> jars = Files.list(dir)) {
          for (Path p : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
            cp.add(p.toString());
            bytes += Files.size(p);
          }
        }
      } else {
        bytes = ourClientBytes(Path.of(jar));
      }
      launches.put(client, new Jvm.Launch(C1, cp, Map.of()));
      added.put(client, bytes);
    }

    Map<String, List<Map<String, String>>> cold = new LinkedHashMap<>();
    launches.forEach(
        (client, launch) -> {
          run(launch, client, target, 0);
          cold.put(client, new ArrayList<>());
        });
    for (int i = 0; i < samples; i++) {
      launches.forEach((client, launch) -> cold.get(client).add(run(launch, client, target, 0)));
    }
    System.out.printf(
        "%n#### SDK HTTP clients against Dynoxide (`-XX:TieredStopAtLevel=1`), %d cold JVMs and"
            + " %d warm GetItem calls each%n%n",
        samples, warm);
    System.out.println(
        "| HTTP client | jars added | (a) JVM start to DynamoDbClient built, ms: min / median /"
            + " p90 | (b) to first GetItem answered, ms: min / median / p90 | warm GetItem p50 /"
            + " p90 / p99 | GetItem/s (1 thread) |");
    System.out.println("|---|---|---|---|---|---|");
    launches.forEach(
        (client, launch) -> {
          Map<String, String> w = run(launch, client, target, warm);
          long p50 = Long.parseLong(w.get("p50"));
          long p90 = Long.parseLong(w.get("p90"));
          long p99 = Long.parseLong(w.get("p99"));
          long sum = Long.parseLong(w.get("sum"));
          System.out.printf(
              "| %s | %s | %s | %s | %s / %s / %s | %,.0f |%n",
              client.equals(HttpClientChoice.OURS) ? client + " (ours)" : client,
              client.equals(HttpClientChoice.OURS)
                  ? String.format("%,d bytes (in the jar)", added.get(client))
                  : String.format("%,d bytes", added.get(client)),
              triple(cold.get(client), "built"),
              triple(cold.get(client), "first"),
              Samples.latency(p50),
              Samples.latency(p90),
              Samples.latency(p99),
              warm / (sum / 1e9));
        });
  }

  private static Map<String, String> run(
      Jvm.Launch launch, String client, String[] target, int warm) {
    List<String> args =
        new ArrayList<>(List.of("--client", client, "--warm", Integer.toString(warm)));
    args.addAll(List.of(target));
    return Jvm.run(launch, HttpClientMain.class.getName(), args.toArray(String[]::new));
  }

  /** The compressed size of apache5-client's and HttpComponents 5's entries in the jar. */
  private static long ourClientBytes(Path jar) throws IOException {
    try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
      return zip.stream()
          .filter(e -> OUR_CLIENT_ENTRIES.stream().anyMatch(e.getName()::startsWith))
          .mapToLong(e -> e.getCompressedSize())
          .sum();
    }
  }

  private static String triple(List<Map<String, String>> rows, String key) {
    Samples s = Samples.of(rows.stream().map(r -> Long.parseLong(r.get(key))).toList());
    return Samples.ms(s.min())
        + " / "
        + Samples.ms(s.median())
        + " / "
        + Samples.ms(s.percentile(90));
  }
}
