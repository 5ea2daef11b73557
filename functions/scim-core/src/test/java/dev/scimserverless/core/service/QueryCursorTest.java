package dev.scimserverless.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.filter.FilterParser;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** RFC 9865 cursors: opaque, unreserved characters, bound to their query, never a 500. */
class QueryCursorTest {
  private static final String FP =
      QueryCursor.fingerprint(ResourceType.USER, Optional.empty(), Optional.empty());

  @Test
  void positionsRoundTrip() {
    List<QueryCursor.Position> positions =
        List.of(
            new QueryCursor.AfterId("2819c223-7f76-453a-919d-413861904646"),
            new QueryCursor.AfterKey("bjensen ü 😀"),
            new QueryCursor.AfterSort(new SortSpec.SortPosition(TextNode.valueOf("x"), "id1")),
            new QueryCursor.AfterSort(new SortSpec.SortPosition(NullNode.getInstance(), "id2")),
            new QueryCursor.AfterSort(new SortSpec.SortPosition(BooleanNode.TRUE, "id3")),
            new QueryCursor.AfterSort(
                new SortSpec.SortPosition(
                    DecimalNode.valueOf(new BigDecimal("1704153600.123456789")), "id4")));
    for (QueryCursor.Position p : positions) {
      String text = QueryCursor.encode(p, FP);
      assertTrue(text.matches("[A-Za-z0-9_-]+"), text);
      QueryCursor.Position back = QueryCursor.decode(text, FP).orElseThrow();
      if (p instanceof QueryCursor.AfterSort s && s.position().key().isNumber()) {
        QueryCursor.AfterSort b = (QueryCursor.AfterSort) back;
        assertEquals(
            0, s.position().key().decimalValue().compareTo(b.position().key().decimalValue()));
        assertEquals(s.position().id(), b.position().id());
      } else {
        assertEquals(p, back);
      }
    }
    assertEquals(Optional.empty(), QueryCursor.decode("", FP));
  }

  @Test
  void fingerprintsTellQueriesApartButNotTheirSpacing() {
    SchemaRegistry registry = SchemaRegistry.standard();
    String a =
        QueryCursor.fingerprint(
            ResourceType.USER, Optional.of(FilterParser.parse("active eq true")), Optional.empty());
    String spaced =
        QueryCursor.fingerprint(
            ResourceType.USER,
            Optional.of(FilterParser.parse("  active   eq true ")),
            Optional.empty());
    String sorted =
        QueryCursor.fingerprint(
            ResourceType.USER,
            Optional.of(FilterParser.parse("active eq true")),
            Optional.of(SortSpec.of("userName", false, registry.resolver(ResourceType.USER))));
    String group =
        QueryCursor.fingerprint(
            ResourceType.GROUP,
            Optional.of(FilterParser.parse("active eq true")),
            Optional.empty());
    assertEquals(a, spaced);
    assertEquals(4, List.of(a, sorted, group, FP).stream().distinct().count());
    String text = QueryCursor.encode(new QueryCursor.AfterId("x"), a);
    assertInvalid(() -> QueryCursor.decode(text, sorted));
  }

  @Test
  void forgedCursorsAreInvalidNotFailures() {
    for (String bad :
        List.of(
            "a b",
            "=",
            "x".repeat(5000),
            b64("{\"f\":\"" + FP + "\",\"k\":\"i\",\"i\":\"\"}"),
            b64("{\"f\":\"" + FP + "\",\"k\":\"i\",\"i\":\"" + "x".repeat(1025) + "\"}"),
            b64("{\"f\":\"" + FP + "\",\"k\":\"i\",\"i\":5}"),
            b64("{\"f\":\"" + FP + "\",\"k\":\"q\"}"),
            b64(
                "{\"f\":\""
                    + FP
                    + "\",\"k\":\"s\",\"i\":\"a\",\"t\":\"n\",\"v\":\"1e99999999999\"}"),
            b64("{\"f\":\"" + FP + "\",\"k\":\"s\",\"i\":\"a\",\"t\":\"b\",\"v\":\"yes\"}"),
            b64("[1,2]"),
            b64("not json"))) {
      assertInvalid(() -> QueryCursor.decode(bad, FP));
    }
  }

  @Property(tries = 300)
  void noTextMakesDecodingFailOtherwise(@ForAll String text) {
    try {
      QueryCursor.decode(text, FP);
    } catch (ScimException e) {
      assertEquals(ScimType.invalidCursor, e.scimType().orElseThrow());
    }
  }

  private static String b64(String json) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void assertInvalid(org.junit.jupiter.api.function.Executable call) {
    ScimException e = assertThrows(ScimException.class, call);
    assertEquals(400, e.status());
    assertEquals(ScimType.invalidCursor, e.scimType().orElseThrow());
  }
}
