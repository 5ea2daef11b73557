package dev.scimserverless.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.AttributePath;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of filter trees, filter-like text and resource documents. */
final class FilterArbitraries {
  private FilterArbitraries() {}

  static final List<String> KNOWN_NAMES =
      List.of(
          "userName",
          "USERNAME",
          "id",
          "externalId",
          "title",
          "active",
          "loginCount",
          "score",
          "name",
          "givenName",
          "familyName",
          "emails",
          "value",
          "type",
          "primary",
          "meta",
          "lastModified",
          "created",
          "tags",
          "members",
          "$ref",
          "display",
          "employeeNumber",
          "manager",
          "displayName",
          "custom");

  private static final List<String> URNS =
      List.of(TestResolver.CORE, TestResolver.ENTERPRISE, "urn:example:params:custom:1.0:Thing");

  private static final java.util.Set<String> KEYWORDS =
      java.util.Set.of(
          "and", "or", "not", "pr", "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "true",
          "false", "null");

  static Arbitrary<String> names() {
    Arbitrary<String> random =
        Combinators.combine(
                Arbitraries.chars().alpha(),
                Arbitraries.strings().alpha().numeric().withChars("-_").ofMaxLength(8))
            .as((first, rest) -> first + rest)
            // the filter grammar's words are not attribute names any schema uses
            .filter(n -> !KEYWORDS.contains(n.toLowerCase(java.util.Locale.ROOT)));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.of(KNOWN_NAMES)), net.jqwik.api.Tuple.of(1, random));
  }

  /** Top-level paths: optional URN, name, optional sub-attribute. */
  static Arbitrary<AttributePath> paths() {
    Arbitrary<String> urn = Arbitraries.of(URNS).injectNull(0.7);
    Arbitrary<String> sub = names().injectNull(0.6);
    return Combinators.combine(urn, names(), sub).as(AttributePath::new);
  }

  /** Attribute of a value path: optional URN, no sub-attribute. */
  static Arbitrary<AttributePath> valuePathAttributes() {
    Arbitrary<String> urn = Arbitraries.of(URNS).injectNull(0.8);
    return Combinators.combine(urn, names()).as((u, n) -> new AttributePath(u, n, null));
  }

  static Arbitrary<JsonNode> values() {
    Arbitrary<JsonNode> strings =
        Arbitraries.strings()
            .all()
            .ofMaxLength(12)
            .filter(dev.scimserverless.core.json.Text::isWellFormed)
            .map(s -> (JsonNode) TextNode.valueOf(s));
    Arbitrary<JsonNode> friendlyStrings =
        Arbitraries.of("work", "Work", "x", "", "2011-05-13T04:42:34Z", "a\"b\\c", "\n\t", "é€😀")
            .map(s -> (JsonNode) TextNode.valueOf(s));
    Arbitrary<JsonNode> booleans =
        Arbitraries.of(true, false).map(b -> (JsonNode) BooleanNode.valueOf(b));
    Arbitrary<JsonNode> nulls = Arbitraries.just(NullNode.getInstance());
    Arbitrary<JsonNode> longs = Arbitraries.longs().map(l -> (JsonNode) LongNode.valueOf(l));
    Arbitrary<JsonNode> decimals =
        Combinators.combine(
                Arbitraries.bigIntegers()
                    .between(
                        BigInteger.valueOf(-1_000_000_000_000L).pow(2),
                        BigInteger.valueOf(1_000_000_000_000L).pow(2)),
                Arbitraries.integers().between(-30, 30))
            .as(
                (unscaled, scale) ->
                    (JsonNode) DecimalNode.valueOf(new BigDecimal(unscaled, scale)));
    return Arbitraries.oneOf(strings, friendlyStrings, booleans, nulls, longs, decimals);
  }

  static Arbitrary<Filter> filters() {
    return filters(4, false);
  }

  /** Filters of at most {@code depth} levels; {@code inner} ones use bare sub-attribute names. */
  static Arbitrary<Filter> filters(int depth, boolean inner) {
    Arbitrary<AttributePath> paths = inner ? names().map(AttributePath::of) : paths();
    Arbitrary<Filter> comparison =
        Combinators.combine(paths, Arbitraries.of(CompareOp.class), values())
            .as(Filter.Comparison::new);
    Arbitrary<Filter> present = paths.map(Filter.Present::new);
    Arbitrary<Filter> leaf =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, comparison), net.jqwik.api.Tuple.of(1, present));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Filter> child = Arbitraries.lazy(() -> filters(depth - 1, inner));
    List<Arbitrary<Filter>> choices = new ArrayList<>();
    choices.add(leaf);
    choices.add(Combinators.combine(child, child).as(Filter.And::new));
    choices.add(Combinators.combine(child, child).as(Filter.Or::new));
    choices.add(child.map(Filter.Not::new));
    if (!inner) {
      choices.add(
          Combinators.combine(valuePathAttributes(), filters(Math.min(depth - 1, 2), true))
              .as(Filter.ValuePath::new));
    }
    return Arbitraries.oneOf(choices);
  }

  /** Text that looks somewhat like filters, and text that does not at all. */
  static Arbitrary<String> filterishText() {
    Arbitrary<String> alphabet =
        Arbitraries.strings()
            .withChars("abeqnotrpcswgl .:$[]()\"\\-_019eEu+/ANDOR")
            .ofMaxLength(60);
    Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(40);
    Arbitrary<String> tokens =
        Arbitraries.of(
                "userName",
                " ",
                "  ",
                "eq",
                "EQ",
                "pr",
                "and",
                "or",
                "not",
                "Not",
                "(",
                ")",
                "[",
                "]",
                ".",
                "\"x\"",
                "\"",
                "\\",
                "\\u",
                "\\u12",
                "emails",
                ".value",
                "1",
                "-2.5e3",
                "1e999999999999",
                "01",
                "true",
                "null",
                "False",
                "urn:",
                TestResolver.ENTERPRISE + ":",
                ":",
                "$ref",
                "gt",
                "co")
            .list()
            .ofMaxSize(25)
            .map(parts -> String.join("", parts));
    Arbitrary<String> spacedTokens =
        Arbitraries.of(
                "userName",
                "eq",
                "pr",
                "and",
                "or",
                "not",
                "(",
                ")",
                "[",
                "]",
                "\"x\"",
                "\"",
                "emails",
                "1",
                "true",
                "null",
                "type",
                "co",
                "1.5",
                "x.y",
                "$ref")
            .list()
            .ofMaxSize(15)
            .map(parts -> String.join(" ", parts));
    Arbitrary<String> mutated =
        Combinators.combine(
                filters(3, false).map(FilterPrinter::print),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.of(
                    "", "(", ")", "[", "]", "\"", "\\", " ", "and", "not", "x", ".", ":"),
                Arbitraries.integers().between(0, 3))
            .as(FilterArbitraries::mutate);
    return Arbitraries.oneOf(alphabet, anything, tokens, spacedTokens, mutated);
  }

  private static String mutate(String text, int where, String insert, int deleteCount) {
    int at = text.isEmpty() ? 0 : where % (text.length() + 1);
    int end = Math.min(text.length(), at + deleteCount);
    return text.substring(0, at) + insert + text.substring(end);
  }

  /** Resource documents built from the attribute names filters use, with values of any type. */
  static Arbitrary<JsonNode> documents() {
    return objects(3).map(node -> (JsonNode) node);
  }

  private static Arbitrary<ObjectNode> objects(int depth) {
    Arbitrary<String> keys = Arbitraries.oneOf(names(), Arbitraries.of(URNS));
    return Arbitraries.maps(keys, jsonValues(depth - 1))
        .ofMaxSize(6)
        .map(FilterArbitraries::object);
  }

  private static ObjectNode object(Map<String, JsonNode> members) {
    ObjectNode object = Json.object();
    members.forEach(object::set);
    return object;
  }

  private static Arbitrary<JsonNode> jsonValues(int depth) {
    Arbitrary<JsonNode> scalars =
        Arbitraries.oneOf(
            values(),
            Arbitraries.of("2011-05-13T04:42:34Z", "2011-05-13T04:42:34.5+02:00", "not a date")
                .map(s -> (JsonNode) TextNode.valueOf(s)));
    if (depth <= 0) {
      return scalars;
    }
    Arbitrary<JsonNode> arrays =
        Arbitraries.lazy(() -> jsonValues(depth - 1))
            .list()
            .ofMaxSize(4)
            .map(
                elements -> {
                  ArrayNode array = Json.array();
                  elements.forEach(array::add);
                  return (JsonNode) array;
                });
    Arbitrary<JsonNode> nested = Arbitraries.lazy(() -> objects(depth)).map(o -> (JsonNode) o);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, scalars),
        net.jqwik.api.Tuple.of(2, arrays),
        net.jqwik.api.Tuple.of(2, nested));
  }
}
