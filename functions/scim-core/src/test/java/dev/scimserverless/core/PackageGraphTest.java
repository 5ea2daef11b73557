package dev.scimserverless.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's packages form layers: no package cycles, and the RFC-protocol packages (what a SCIM
 * message means) use nothing of the application packages (how this service runs), so the core can
 * be split by layer. The graph is read from the sources: every {@code dev.scimserverless.core.X.}
 * reference (imports and qualified names) of a file in package {@code core.Y} is an edge Y → X.
 */
class PackageGraphTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/scimserverless/core");

  /** What SCIM means, RFC 7643/7644: schemas, documents, filters, PATCH, JSON, errors. */
  static final Set<String> PROTOCOL =
      Set.of("error", "json", "resource", "schema", "filter", "document", "patch");

  /** How this service runs: services, stores, HTTP, audit, events, admin, changes, auth. */
  static final Set<String> APPLICATION =
      Set.of("service", "store", "http", "audit", "events", "admin", "change", "auth");

  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.scimserverless\\.core\\.([a-z][a-z0-9]*)\\.");

  static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Path relative = SOURCES.relativize(file);
        if (relative.getNameCount() < 2) {
          continue;
        }
        String from = relative.getName(0).toString();
        Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            to.add(m.group(1));
          }
        }
      }
    }
    return graph;
  }

  @Test
  void theGraphIsReadFromTheSources() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertTrue(
        graph.keySet().containsAll(Set.of("filter", "patch", "schema", "service")), "" + graph);
    assertTrue(graph.get("patch").contains("filter"), "patch uses filter: " + graph);
  }

  @Test
  void thePackagesOfTheCoreHaveNoCycle() throws IOException {
    assertEquals(List.of(), cycles(graph()), "package cycles in scim-core");
  }

  @Test
  void theProtocolPackagesUseNoApplicationPackage() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : graph().entrySet()) {
      if (PROTOCOL.contains(e.getKey())) {
        for (String to : e.getValue()) {
          if (!PROTOCOL.contains(to)) {
            violations.add(e.getKey() + " → " + to);
          }
        }
      }
    }
    assertEquals(List.of(), violations, "protocol packages depending on application packages");
  }

  @Test
  void everyPackageIsOnOneSide() throws IOException {
    Set<String> unclassified = new TreeSet<>(graph().keySet());
    unclassified.removeAll(PROTOCOL);
    unclassified.removeAll(APPLICATION);
    assertEquals(Set.of(), unclassified, "new packages: add them to PROTOCOL or APPLICATION");
  }

  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c"));
    graph.put("c", Set.of("a"));
    graph.put("d", Set.of("a"));
    assertEquals(List.of(List.of("a", "b", "c")), cycles(graph));
  }

  /** The strongly connected components with more than one package (Tarjan), sorted. */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    return new Tarjan(graph).components();
  }

  private static final class Tarjan {
    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new TreeMap<>();
    private final Map<String, Integer> low = new TreeMap<>();
    private final List<String> stack = new ArrayList<>();
    private final List<List<String>> out = new ArrayList<>();
    private int next;

    Tarjan(Map<String, Set<String>> graph) {
      this.graph = graph;
    }

    List<List<String>> components() {
      for (String node : graph.keySet()) {
        if (!index.containsKey(node)) {
          visit(node);
        }
      }
      return out;
    }

    private void visit(String node) {
      index.put(node, next);
      low.put(node, next);
      next++;
      stack.add(node);
      for (String to : graph.getOrDefault(node, Set.of())) {
        if (!index.containsKey(to)) {
          visit(to);
          low.put(node, Math.min(low.get(node), low.get(to)));
        } else if (stack.contains(to)) {
          low.put(node, Math.min(low.get(node), index.get(to)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        List<String> component = new ArrayList<>();
        String member;
        do {
          member = stack.remove(stack.size() - 1);
          component.add(member);
        } while (!member.equals(node));
        if (component.size() > 1) {
          out.add(component.stream().sorted().toList());
        }
      }
    }
  }
}
