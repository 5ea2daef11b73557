package dev.scimserverless.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Cold start of the Users function: launches {@link ColdStartMain} in a new JVM per sample on the
 * function's jar and prints a Markdown table of min / median / p90 of (a) process start to handler
 * constructed and (b) process start to the first POST /Users answered, per store and JVM variant.
 * Samples of the variants are interleaved so that machine noise spreads over all of them; one
 * unrecorded run per variant comes first.
 *
 * <p>Usage: {@code ColdStart --jar scim-functions.jar --bench-jar scim-bench.jar [--samples 10]
 * [--stores memory,dynamodb] [--variants default,c1,c1-serial,c1-exploded,c1-cds] [--label name]};
 * its own class path also needs the store's test jar (Dynoxide).
 */
public final class ColdStart {
  private static final List<String> C1 =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

  private ColdStart() {}

  public static void main(String[] args) throws IOException {
    Args a = Args.parse(args);
    Path jar = Path.of(a.required("jar")).toAbsolutePath();
    Path benchJar = Path.of(a.required("bench-jar")).toAbsolutePath();
    int samples = a.integer("samples", 10);
    String label = a.get("label", jar.getFileName().toString());
    Path work = benchJar.getParent().resolve("work");
    Files.createDirectories(work);

    System.out.printf(
        "%n#### Cold start: %s (%,d bytes), %d samples per row%n%n",
        label, Files.size(jar), samples);
    System.out.println(
        "| store | JVM options | classes from | main() entered, ms (median) | (a) handler"
            + " constructed, ms: min / median / p90 | (b) first POST answered, ms: min / median /"
            + " p90 | next GET, ms (median) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String store : a.list("stores", "memory,dynamodb")) {
      Map<String, String> env =
          store.equals("dynamodb") ? LocalDynamo.functionEnvironment() : Map.of();
      Map<String, Jvm.Launch> launches = new LinkedHashMap<>();
      for (String variant : a.list("variants", "default,c1,c1-serial,c1-exploded,c1-cds")) {
        launches.put(variant, launch(variant, jar, benchJar, work, label, store, env));
      }
      Map<String, List<Map<String, String>>> results = new LinkedHashMap<>();
      launches.forEach(
          (variant, launch) -> {
            Jvm.run(launch, ColdStartMain.class.getName(), store, "warmup");
            results.put(variant, new ArrayList<>());
          });
      for (int i = 0; i < samples; i++) {
        for (Map.Entry<String, Jvm.Launch> e : launches.entrySet()) {
          results
              .get(e.getKey())
              .add(
                  Jvm.run(e.getValue(), ColdStartMain.class.getName(), store, Integer.toString(i)));
        }
      }
      results.forEach(
          (variant, rows) -> {
            Samples main = column(rows, "main");
            Samples constructed = column(rows, "constructed");
            Samples first = column(rows, "first");
            Samples second = column(rows, "second");
            System.out.printf(
                "| %s | %s | %s | %s | %s | %s | %s |%n",
                store,
                describe(variant),
                variant.contains("exploded") ? "directory" : "jar",
                Samples.ms(main.median()),
                triple(constructed),
                triple(first),
                Samples.ms(second.median()));
          });
    }
  }

  private static Jvm.Launch launch(
      String variant,
      Path jar,
      Path benchJar,
      Path work,
      String label,
      String store,
      Map<String, String> env) {
    String bench = benchJar.toString();
    return switch (variant) {
      case "default" -> new Jvm.Launch(List.of(), List.of(jar.toString(), bench), env);
      case "c1" -> new Jvm.Launch(C1, List.of(jar.toString(), bench), env);
      case "c1-serial" ->
          new Jvm.Launch(C1, List.of(jar.toString(), bench), env)
              .withOptions(List.of("-XX:+UseSerialGC"));
      case "c1-exploded" -> {
        Path dir = work.resolve(label + "-exploded");
        delete(dir);
        Jvm.explode(jar, dir);
        yield new Jvm.Launch(C1, List.of(dir.toString(), bench), env);
      }
      case "c1-cds" -> {
        Path archive = work.resolve(label + "-" + store + ".jsa");
        delete(archive);
        Jvm.Launch plain = new Jvm.Launch(C1, List.of(jar.toString(), bench), env);
        // Training run: the same work, classes archived at exit (JDK 13+ dynamic AppCDS).
        Jvm.run(
            plain.withOptions(List.of("-XX:ArchiveClassesAtExit=" + archive)),
            ColdStartMain.class.getName(),
            store,
            "training");
        yield plain.withOptions(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"));
      }
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    };
  }

  private static String describe(String variant) {
    return switch (variant) {
      case "default" -> "(none)";
      case "c1" -> "`-XX:TieredStopAtLevel=1`";
      case "c1-serial" -> "`-XX:TieredStopAtLevel=1 -XX:+UseSerialGC`";
      case "c1-exploded" -> "`-XX:TieredStopAtLevel=1`";
      case "c1-cds" -> "`-XX:TieredStopAtLevel=1` + AppCDS archive";
      default -> variant;
    };
  }

  private static Samples column(List<Map<String, String>> rows, String key) {
    return Samples.of(rows.stream().map(r -> Long.parseLong(r.get(key))).toList());
  }

  private static String triple(Samples s) {
    return Samples.ms(s.min())
        + " / "
        + Samples.ms(s.median())
        + " / "
        + Samples.ms(s.percentile(90));
  }

  private static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + path, e);
    }
  }
}
