package dev.scimserverless.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scimserverless.core.schema.AttributePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One visitor for every walk over filters. */
class FilterVisitorTest {

  /** Names each node it visits, depth first, left to right. */
  static final class Names implements FilterVisitor<String> {
    @Override
    public String visitAnd(Filter.And and) {
      return "and(" + and.left().accept(this) + "," + and.right().accept(this) + ")";
    }

    @Override
    public String visitOr(Filter.Or or) {
      return "or(" + or.left().accept(this) + "," + or.right().accept(this) + ")";
    }

    @Override
    public String visitNot(Filter.Not not) {
      return "not(" + not.filter().accept(this) + ")";
    }

    @Override
    public String visitComparison(Filter.Comparison comparison) {
      return comparison.op().scimName() + ":" + comparison.path();
    }

    @Override
    public String visitPresent(Filter.Present present) {
      return "pr:" + present.path();
    }

    @Override
    public String visitValuePath(Filter.ValuePath valuePath) {
      return valuePath.path() + "[" + valuePath.filter().accept(this) + "]";
    }
  }

  @Test
  void eachNodeCallsTheMethodOfItsKind() {
    Filter filter =
        FilterParser.parse(
            "userName eq \"a\" and not (title pr) or emails[type eq \"work\" and value co \"@\"]");
    assertEquals(
        "or(and(eq:userName,not(pr:title)),emails[and(eq:type,co:value)])",
        filter.accept(new Names()));
  }

  @Test
  void overTermsSeesEveryTermWithItsPath() {
    Filter filter =
        FilterParser.parse("not (a eq 1) and (b.c pr or urn:x:y:d[e eq 2]) and f.g gt 3");
    List<String> paths =
        filter.accept(
            new FilterVisitor.OverTerms<List<String>>() {
              @Override
              protected List<String> term(Filter term, AttributePath path) {
                return List.of(path.toString());
              }

              @Override
              protected List<String> both(List<String> left, List<String> right) {
                List<String> all = new ArrayList<>(left);
                all.addAll(right);
                return all;
              }
            });
    assertEquals(List.of("a", "b.c", "urn:x:y:d", "f.g"), paths);
  }

  /** A hand-written recursion destructures and/or/not with instanceof; walks are visitors. */
  @Test
  void noHandWrittenWalkOverFiltersIsLeft() throws IOException {
    Pattern destructuring =
        Pattern.compile("instanceof\\s+Filter\\.(And|Or|Not|Comparison|Present|ValuePath)\\s+\\w+");
    List<String> found = new ArrayList<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("../store/src/main/java"))) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String text = Files.readString(file);
          if (destructuring.matcher(text).find()
              && Pattern.compile("instanceof\\s+Filter\\.(And|Or|Not)\\s+\\w+")
                  .matcher(text)
                  .find()) {
            found.add(root.relativize(file).toString());
          }
        }
      }
    }
    assertEquals(List.of(), found, "walk these with a FilterVisitor");
  }
}
