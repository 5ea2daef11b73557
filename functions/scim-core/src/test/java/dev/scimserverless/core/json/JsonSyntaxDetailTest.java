package dev.scimserverless.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.error.ScimException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A body that is not JSON is a 400 invalidSyntax whose detail says what is wrong and where in the
 * client's terms: never the parser's message, its class or setting names, or the input echoed.
 */
class JsonSyntaxDetailTest {
  private static final List<String> PARSER_WORDS =
      List.of(
          "Jackson",
          "jackson",
          "fasterxml",
          "StreamReadFeature",
          "StreamReadConstraints",
          "Exception",
          "Source:",
          "line: ",
          "column: ",
          "code ",
          "REDACTED");

  static String detail(String body) {
    ScimException e = assertThrows(ScimException.class, () -> Json.parse(body));
    assertEquals(400, e.status());
    assertEquals("invalidSyntax", e.scimType().orElseThrow().name());
    for (String w : PARSER_WORDS) {
      assertFalse(e.detail().contains(w), () -> "'" + w + "' in: " + e.detail());
    }
    return e.detail();
  }

  @Test
  void aStrayCloseMarkerInAPatchBodyIsPlacedNotQuoted() {
    String d = detail("{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"]}");
    assertEquals("The request body is not valid JSON (at line 1, column 47).", d);
  }

  @Test
  void anUnexpectedCharacterIsPlacedOnItsLine() {
    assertEquals(
        "The request body is not valid JSON (at line 2, column 7).",
        detail("{\"a\": 1,\n \"b\": tru }"));
  }

  @Test
  void aTruncatedBody() {
    assertTrue(
        detail("{\"userName\": \"a").startsWith("The request body is not valid JSON: it ends"));
  }

  @Test
  void aDuplicateMember() {
    assertTrue(detail("{\"a\":1,\"a\":2}").contains("the same member twice"));
  }

  @Test
  void contentAfterTheValue() {
    assertTrue(detail("{\"a\":1} {\"b\":2}").contains("more after the value"));
  }

  @Test
  void tooDeep() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertTrue(detail(deep).startsWith("The request body is nested too deeply (more than 1000"));
  }

  @Test
  void aNumberWithTooManyDigits() {
    assertTrue(detail("{\"n\": " + "9".repeat(5_000) + "}").contains("too many digits"));
  }

  @Test
  void nonNumericNumbersAndRawBytes() {
    detail("{\"n\": NaN}");
    detail("\u0000\u0001\u00ff");
    detail("<xml/>");
  }
}
