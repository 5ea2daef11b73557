package dev.scimserverless.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold start of the Users function: launches {@link ColdStartMain} in a new JVM per sample on the
 * function's jar and prints a Markdown table of min / median / p90 of (a) process start to handler
 * constructed and (b) process start to the first POST /Users answered, per store, jar and JVM
 * variant. The samples of all runs of a store are interleaved, so that the noise of a shared
 * machine spreads over all of them alike; one unrecorded sample per run comes first.
 *
 * <p>Usage: {@code ColdStart --bench-jar scim-bench.jar --jars name=path[,name=path...] [--runs
 * name/variant,...] [--samples 10] [--stores memory,dynamodb]}, variants {@code default}, {@code
 * c1} ({@code -XX:TieredStopAtLevel=1}), {@code c1-serial}, {@code c1-exploded} (classes from the
 * extracted jar, as Lambda runs them from /var/task), {@code c1-cds} (plus an AppCDS archive made
 * by a training run), {@code c1+OPTION+OPTION...} (c1 plus JVM options, e.g. a cold-start lever's
 * system property, {@code c1+-XX:+UnlockDiagnosticVMOptions+-XX:-BytecodeVerificationRemote};
 * docs/performance.md, "Cold start levers"; a part {@code java=HOME} runs the child on that Java
 * home's {@code bin/java}, a part {@code cp=PATH:PATH} appends class path entries, a part {@code
 * rm=PATH} deletes that file before each sample); {@code --runs} defaults to every variant on the
 * first jar. On dynamodb the child also gets the credentials variables Lambda sets (dummies). Its
 * own class path also needs the store's test jar (Dynoxide).
 */
public final class ColdStart {
  private static final List<String> C1 =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
  private static final String ALL_VARIANTS = "default,c1,c1-serial,c1-exploded,c1-cds";

  private ColdStart() {}

  /** One row of the table: a jar and how the JVM runs it. */
  private record Run(String jarName, Path jar, String variant) {
    String key() {
      return jarName + "/" + variant;
    }
  }

  public static void main(String[] args) throws IOException {
    Args a = Args.parse(args);
    Path benchJar = Path.of(a.required("bench-jar")).toAbsolutePath();
    int samples = a.integer("samples", 10);
    Path work = benchJar.getParent().resolve("work");
    Files.createDirectories(work);

    Map<String, Path> jars = new LinkedHashMap<>();
    for (String named : a.list("jars", "")) {
      int eq = named.indexOf('=');
      jars.put(named.substring(0, eq), Path.of(named.substring(eq + 1)).toAbsolutePath());
    }
    String first = jars.keySet().iterator().next();
    String everyVariant =
        Arrays.stream(ALL_VARIANTS.split(","))
            .map(v -> first + "/" + v)
            .collect(Collectors.joining(","));
    List<Run> runs = new ArrayList<>();
    for (String run : a.list("runs", everyVariant)) {
      String[] parts = run.split("/", 2);
      Path jar = jars.get(parts[0]);
      if (jar == null) {
        throw new IllegalArgumentException("no jar named " + parts[0]);
      }
      runs.add(new Run(parts[0], jar, parts[1]));
    }

    System.out.printf("%n%d samples per row. Jars:%n%n", samples);
    for (Map.Entry<String, Path> jar : jars.entrySet()) {
      System.out.printf(
          "- %s: %s, %,d bytes%n",
          jar.getKey(), jar.getValue().getFileName(), Files.size(jar.getValue()));
    }
    System.out.println();
    System.out.println(
        "| store | jar | JVM options | classes from | main() entered, ms (median) | (a) handler"
            + " constructed, ms: min / median / p90 | (b) first POST answered, ms: min / median /"
            + " p90 | next GET, ms (median) | CPU time to (b), ms: min / median / p90 |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (String store : a.list("stores", "memory,dynamodb")) {
      Map<String, String> env =
          store.equals("dynamodb") ? lambdaLike(LocalDynamo.functionEnvironment()) : Map.of();
      Map<Run, Jvm.Launch> launches = new LinkedHashMap<>();
      for (Run run : runs) {
        launches.put(run, launch(run, benchJar, work, store, env));
      }
      Map<Run, List<Map<String, String>>> results = new LinkedHashMap<>();
      launches.forEach(
          (run, launch) -> {
            removeBefore(run);
            Jvm.run(launch, ColdStartMain.class.getName(), store, "warmup");
            results.put(run, new ArrayList<>());
          });
      for (int i = 0; i < samples; i++) {
        for (Map.Entry<Run, Jvm.Launch> e : launches.entrySet()) {
          removeBefore(e.getKey());
          results
              .get(e.getKey())
              .add(
                  Jvm.run(e.getValue(), ColdStartMain.class.getName(), store, Integer.toString(i)));
        }
      }
      results.forEach(
          (run, rows) -> {
            Samples main = column(rows, "main");
            Samples constructed = column(rows, "constructed");
            Samples firstPost = column(rows, "first");
            Samples second = column(rows, "second");
            Samples cpu = column(rows, "cpu");
            System.out.printf(
                "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                store,
                run.jarName(),
                describe(run.variant()),
                run.variant().contains("exploded") ? "directory" : "jar",
                Samples.ms(main.median()),
                triple(constructed),
                triple(firstPost),
                Samples.ms(second.median()),
                triple(cpu));
          });
    }
  }

  /** With the credentials variables Lambda sets (dummies; the default chain finds them first). */
  private static Map<String, String> lambdaLike(Map<String, String> env) {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put("AWS_ACCESS_KEY_ID", "local");
    all.put("AWS_SECRET_ACCESS_KEY", "local");
    all.put("AWS_SESSION_TOKEN", "local");
    return all;
  }

  private static Jvm.Launch launch(
      Run run, Path benchJar, Path work, String store, Map<String, String> env) {
    String jar = run.jar().toString();
    String bench = benchJar.toString();
    String name = run.key().replace('/', '-');
    return switch (run.variant()) {
      case "default" -> new Jvm.Launch(List.of(), List.of(jar, bench), env);
      case "c1" -> new Jvm.Launch(C1, List.of(jar, bench), env);
      case "c1-serial" ->
          new Jvm.Launch(C1, List.of(jar, bench), env).withOptions(List.of("-XX:+UseSerialGC"));
      case "c1-exploded" -> {
        Path dir = work.resolve(name);
        delete(dir);
        Jvm.explode(run.jar(), dir);
        yield new Jvm.Launch(C1, List.of(dir.toString(), bench), env);
      }
      case "c1-cds" -> {
        Path archive = work.resolve(name + "-" + store + ".jsa");
        delete(archive);
        Jvm.Launch plain = new Jvm.Launch(C1, List.of(jar, bench), env);
        // Training run: the same work, classes archived at exit (JDK 13+ dynamic AppCDS).
        Jvm.run(
            plain.withOptions(List.of("-XX:ArchiveClassesAtExit=" + archive)),
            ColdStartMain.class.getName(),
            store,
            "training");
        yield plain.withOptions(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"));
      }
      default -> {
        // c1+OPTION+OPTION...: the template's options plus some (a lever's system property)
        if (!run.variant().startsWith("c1+")) {
          throw new IllegalArgumentException("unknown variant " + run.variant());
        }
        Jvm.Launch launch = new Jvm.Launch(C1, List.of(jar, bench), env);
        for (String part : levers(run.variant().substring(3))) {
          if (part.startsWith("java=")) {
            launch = launch.withJavaHome(Path.of(part.substring(5)));
          } else if (part.startsWith("rm=")) {
            // removed before each sample (removeBefore), e.g. a CDS archive a JVM writes at exit
            continue;
          } else if (part.startsWith("cp=")) {
            launch = launch.withClassPath(List.of(part.substring(3).split(":")));
          } else {
            launch = launch.withOptions(List.of(part));
          }
        }
        yield launch;
      }
    };
  }

  private static String describe(String variant) {
    return switch (variant) {
      case "default" -> "(none)";
      case "c1" -> "`-XX:TieredStopAtLevel=1`";
      case "c1-serial" -> "`-XX:TieredStopAtLevel=1 -XX:+UseSerialGC`";
      case "c1-exploded" -> "`-XX:TieredStopAtLevel=1`";
      case "c1-cds" -> "`-XX:TieredStopAtLevel=1` + AppCDS archive";
      default -> variant.startsWith("c1+") ? describeLevers(variant.substring(3)) : variant;
    };
  }

  /** Deletes the files a variant's {@code rm=PATH} parts name, so each sample starts without. */
  private static void removeBefore(Run run) {
    if (!run.variant().startsWith("c1+")) {
      return;
    }
    for (String part : levers(run.variant().substring(3))) {
      if (part.startsWith("rm=")) {
        delete(Path.of(part.substring(3)));
      }
    }
  }

  /**
   * The parts of a {@code c1+...} variant: split at each {@code +} that starts a JVM option ({@code
   * +-...}) or a {@code java=} / {@code cp=} part, so that {@code -XX:+Flag} stays whole.
   */
  private static List<String> levers(String levers) {
    return List.of(levers.split("\\+(?=-|java=|cp=|rm=)"));
  }

  /** The options of a {@code c1+...} variant, then the Java home and class path it names. */
  private static String describeLevers(String levers) {
    StringBuilder options = new StringBuilder("-XX:TieredStopAtLevel=1");
    StringBuilder rest = new StringBuilder();
    for (String part : levers(levers)) {
      if (part.startsWith("java=") || part.startsWith("cp=") || part.startsWith("rm=")) {
        rest.append(", ").append(part);
      } else {
        options.append(' ').append(part);
      }
    }
    return "`" + options + "`" + rest;
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
