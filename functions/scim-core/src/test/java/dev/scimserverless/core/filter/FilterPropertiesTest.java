package dev.scimserverless.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class FilterPropertiesTest {
  private final FilterEvaluator evaluator = new FilterEvaluator(new TestResolver());

  @Provide
  Arbitrary<String> filterishText() {
    return FilterArbitraries.filterishText();
  }

  @Provide
  Arbitrary<Filter> filters() {
    return FilterArbitraries.filters();
  }

  @Provide
  Arbitrary<JsonNode> documents() {
    return FilterArbitraries.documents();
  }

  @Property(tries = 3000)
  void anyTextParsesOrFailsWithInvalidFilter(@ForAll("filterishText") String text) {
    try {
      Filter filter = FilterParser.parse(text);
      assertEquals(filter, FilterParser.parse(filter.toString()));
      Statistics.label("parse").collect("parsed");
    } catch (ScimException e) {
      assertEquals(400, e.status());
      assertEquals(ScimType.invalidFilter, e.scimType().orElseThrow());
      Statistics.label("parse").collect("invalidFilter");
    }
    Statistics.label("parse")
        .coverage(
            coverage -> {
              coverage.check("parsed").percentage(p -> p > 3);
              coverage.check("invalidFilter").percentage(p -> p > 50);
            });
  }

  @Property(tries = 1000)
  void anyTextAsPatchPathParsesOrFailsWithInvalidPath(@ForAll("filterishText") String text) {
    try {
      PatchPath path = PatchPath.parse(text);
      assertEquals(path, PatchPath.parse(path.toString()));
    } catch (ScimException e) {
      assertEquals(400, e.status());
      assertEquals(ScimType.invalidPath, e.scimType().orElseThrow());
    }
  }

  @Property(tries = 2000)
  void printedFiltersParseToEqualTrees(@ForAll("filters") Filter filter) {
    String printed = FilterPrinter.print(filter);
    Filter parsed = FilterParser.parse(printed);
    assertEquals(filter, parsed, printed);
    assertEquals(printed, parsed.toString());
  }

  @Property(tries = 1000)
  void evaluationNeverThrowsOnceCompiled(
      @ForAll("filters") Filter filter, @ForAll("documents") JsonNode document) {
    Predicate<JsonNode> compiled;
    try {
      compiled = evaluator.compile(filter);
    } catch (ScimException e) {
      assertEquals(400, e.status());
      assertEquals(ScimType.invalidFilter, e.scimType().orElseThrow());
      Statistics.label("evaluation").collect("invalidFilter");
      return;
    }
    boolean matches = compiled.test(document);
    assertEquals(!matches, evaluator.compile(new Filter.Not(filter)).test(document));
    Statistics.label("evaluation").collect(matches ? "matched" : "not matched");
    Statistics.label("evaluation")
        .coverage(
            coverage -> {
              coverage.check("matched").percentage(p -> p > 5);
              coverage.check("not matched").percentage(p -> p > 5);
            });
  }
}
