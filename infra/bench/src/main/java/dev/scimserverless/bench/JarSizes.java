package dev.scimserverless.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Sizes of the deployable jars, and what fills the function's shaded jar: each of its entries
 * attributed to the dependency jar (in {@code --lib}) that holds an entry of the same name, summed
 * as compressed bytes. Prints Markdown tables.
 *
 * <p>Usage: {@code JarSizes --jars a.jar,b.jar --composition scim-functions.jar --lib target/lib
 * [--top 15]}
 */
public final class JarSizes {
  private static final String META_INF = "(META-INF, shared)";

  private JarSizes() {}

  public static void main(String[] args) throws IOException {
    Args a = Args.parse(args);
    System.out.println();
    System.out.println("| artifact | bytes | MiB | entries |");
    System.out.println("|---|---|---|---|");
    for (String jar : a.list("jars", "")) {
      Path p = Path.of(jar);
      try (ZipFile zip = new ZipFile(p.toFile())) {
        System.out.printf(
            "| %s | %,d | %.2f | %,d |%n",
            p.getFileName(), Files.size(p), Files.size(p) / 1048576.0, zip.size());
      }
    }

    Path shaded = Path.of(a.required("composition"));
    Map<String, String> owner = index(Path.of(a.required("lib")));
    Map<String, long[]> bySource = new HashMap<>();
    long total = 0;
    try (ZipFile zip = new ZipFile(shaded.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String source =
            entry.getName().startsWith("META-INF/")
                ? META_INF
                : owner.getOrDefault(entry.getName(), "(not in any dependency)");
        long[] sum = bySource.computeIfAbsent(source, k -> new long[2]);
        sum[0] += entry.getCompressedSize();
        sum[1]++;
        total += entry.getCompressedSize();
      }
    }
    int top = a.integer("top", 15);
    System.out.printf(
        "%nWhat fills %s (%,d bytes of compressed entries), largest first:%n%n",
        shaded.getFileName(), total);
    System.out.println("| from | compressed bytes | share | entries |");
    System.out.println("|---|---|---|---|");
    List<Map.Entry<String, long[]>> sorted =
        bySource.entrySet().stream()
            .sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
            .toList();
    long rest = 0;
    long restEntries = 0;
    for (int i = 0; i < sorted.size(); i++) {
      long[] v = sorted.get(i).getValue();
      if (i < top) {
        System.out.printf(
            "| %s | %,d | %.1f%% | %,d |%n",
            sorted.get(i).getKey(), v[0], 100.0 * v[0] / total, v[1]);
      } else {
        rest += v[0];
        restEntries += v[1];
      }
    }
    if (rest > 0) {
      System.out.printf(
          "| %d others | %,d | %.1f%% | %,d |%n",
          sorted.size() - top, rest, 100.0 * rest / total, restEntries);
    }
  }

  /** Entry name to the file name of the first jar in {@code lib} that holds it. */
  private static Map<String, String> index(Path lib) throws IOException {
    Map<String, String> owner = new HashMap<>();
    try (Stream<Path> jars = Files.list(lib)) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          String name = jar.getFileName().toString();
          zip.stream()
              .filter(e -> !e.isDirectory())
              .forEach(e -> owner.putIfAbsent(e.getName(), name));
        }
      }
    }
    return new TreeMap<>(owner);
  }
}
