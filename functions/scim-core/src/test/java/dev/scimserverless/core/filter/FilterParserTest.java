package dev.scimserverless.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.filter.Filter.And;
import dev.scimserverless.core.filter.Filter.Comparison;
import dev.scimserverless.core.filter.Filter.Not;
import dev.scimserverless.core.filter.Filter.Or;
import dev.scimserverless.core.filter.Filter.Present;
import dev.scimserverless.core.filter.Filter.ValuePath;
import dev.scimserverless.core.schema.AttributePath;
import java.math.BigDecimal;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterParserTest {
  private static final String ENTERPRISE =
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  static Comparison cmp(String path, CompareOp op, JsonNode value) {
    return new Comparison(FilterParser.attributePath(path), op, value);
  }

  static Comparison eq(String path, String value) {
    return cmp(path, CompareOp.EQ, TextNode.valueOf(value));
  }

  static Present pr(String path) {
    return new Present(FilterParser.attributePath(path));
  }

  static ScimException invalid(String filter) {
    ScimException e = assertThrows(ScimException.class, () -> FilterParser.parse(filter));
    assertEquals(400, e.status());
    assertEquals(ScimType.invalidFilter, e.scimType().orElseThrow());
    return e;
  }

  static void assertDetailContains(String filter, String... fragments) {
    String detail = invalid(filter).detail();
    for (String fragment : fragments) {
      assertTrue(
          detail.contains(fragment), () -> "'" + detail + "' should contain '" + fragment + "'");
    }
  }

  // --- comparisons -------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "eq, EQ", "ne, NE", "co, CO", "sw, SW", "ew, EW", "gt, GT", "ge, GE", "lt, LT", "le, LE",
    "EQ, EQ", "Eq, EQ", "eQ, EQ", "Co, CO", "LE, LE"
  })
  void parsesEveryOperatorCaseInsensitively(String written, CompareOp op) {
    assertEquals(
        cmp("userName", op, TextNode.valueOf("bjensen")),
        FilterParser.parse("userName " + written + " \"bjensen\""));
  }

  @Test
  void parsesPresent() {
    assertEquals(pr("title"), FilterParser.parse("title pr"));
    assertEquals(pr("title"), FilterParser.parse("title PR"));
    assertEquals(pr("name.familyName"), FilterParser.parse("name.familyName Pr"));
  }

  @Test
  void parsesTheRfcExamples() {
    assertEquals(eq("userName", "bjensen"), FilterParser.parse("userName Eq \"bjensen\""));
    assertEquals(
        cmp("name.familyName", CompareOp.CO, TextNode.valueOf("O'Malley")),
        FilterParser.parse("name.familyName co \"O'Malley\""));
    assertEquals(
        cmp(
            "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName",
            CompareOp.CO,
            TextNode.valueOf("O'Malley")),
        FilterParser.parse(
            "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName co \"O'Malley\""));
    assertEquals(
        cmp("meta.lastModified", CompareOp.GT, TextNode.valueOf("2011-05-13T04:42:34Z")),
        FilterParser.parse("meta.lastModified gt \"2011-05-13T04:42:34Z\""));
    assertEquals(
        new And(pr("title"), eq("userType", "Employee")),
        FilterParser.parse("title pr and userType eq \"Employee\""));
    assertEquals(
        new Or(pr("title"), eq("userType", "Intern")),
        FilterParser.parse("title pr or userType eq \"Intern\""));
    assertEquals(
        new Or(
            cmp(
                "schemas",
                CompareOp.EQ,
                TextNode.valueOf("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")),
            cmp("emails", CompareOp.CO, TextNode.valueOf("example.com"))),
        FilterParser.parse(
            "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\""
                + " or emails co \"example.com\""));
    assertEquals(
        new And(
            cmp("userType", CompareOp.NE, TextNode.valueOf("Employee")),
            new Not(
                new Or(
                    cmp("emails", CompareOp.CO, TextNode.valueOf("example.com")),
                    cmp("emails.value", CompareOp.CO, TextNode.valueOf("example.org"))))),
        FilterParser.parse(
            "userType ne \"Employee\" and not (emails co \"example.com\" or"
                + " emails.value co \"example.org\")"));
    assertEquals(
        new And(
            eq("userType", "Employee"),
            new ValuePath(
                AttributePath.of("emails"),
                new And(
                    eq("type", "work"),
                    cmp("value", CompareOp.CO, TextNode.valueOf("@example.com"))))),
        FilterParser.parse(
            "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]"));
    assertEquals(
        new Or(
            new ValuePath(
                AttributePath.of("emails"),
                new And(
                    eq("type", "work"),
                    cmp("value", CompareOp.CO, TextNode.valueOf("@example.com")))),
            new ValuePath(
                AttributePath.of("ims"),
                new And(
                    eq("type", "xmpp"), cmp("value", CompareOp.CO, TextNode.valueOf("@foo.com"))))),
        FilterParser.parse(
            "emails[type eq \"work\" and value co \"@example.com\"] or"
                + " ims[type eq \"xmpp\" and value co \"@foo.com\"]"));
  }

  // --- precedence, grouping, not -----------------------------------------------------------------

  @Test
  void andBindsTighterThanOr() {
    assertEquals(
        new Or(pr("a"), new And(pr("b"), pr("c"))), FilterParser.parse("a pr or b pr and c pr"));
    assertEquals(
        new Or(new And(pr("a"), pr("b")), pr("c")), FilterParser.parse("a pr and b pr or c pr"));
  }

  @Test
  void andAndOrAssociateToTheLeft() {
    assertEquals(
        new And(new And(pr("a"), pr("b")), pr("c")), FilterParser.parse("a pr and b pr and c pr"));
    assertEquals(
        new Or(new Or(pr("a"), pr("b")), pr("c")), FilterParser.parse("a pr or b pr or c pr"));
  }

  @Test
  void parenthesesOverridePrecedence() {
    assertEquals(
        new And(new Or(pr("a"), pr("b")), pr("c")), FilterParser.parse("(a pr or b pr) and c pr"));
    assertEquals(
        new And(pr("a"), new Or(pr("b"), pr("c"))), FilterParser.parse("a pr and (b pr or c pr)"));
    assertEquals(pr("a"), FilterParser.parse("((((a pr))))"));
  }

  @Test
  void notBindsTighterThanAnd() {
    assertEquals(new And(new Not(pr("a")), pr("b")), FilterParser.parse("not (a pr) and b pr"));
    assertEquals(new Not(new And(pr("a"), pr("b"))), FilterParser.parse("not (a pr and b pr)"));
    assertEquals(new Not(new Not(pr("a"))), FilterParser.parse("NOT (Not (a pr))"));
    assertEquals(new Not(pr("a")), FilterParser.parse("not(a pr)"));
  }

  @Test
  void keywordsAreCaseInsensitive() {
    assertEquals(
        new Or(new And(pr("a"), pr("b")), pr("c")), FilterParser.parse("a pr AND b pr Or c pr"));
  }

  @Test
  void toleratesExtraWhitespace() {
    assertEquals(
        new And(eq("userName", "x"), pr("title")),
        FilterParser.parse("  userName   eq \t \"x\"   and\n title  pr  "));
    assertEquals(
        new ValuePath(AttributePath.of("emails"), eq("type", "work")),
        FilterParser.parse("emails[ type eq \"work\" ]"));
    assertEquals(new Not(pr("a")), FilterParser.parse("not   ( a pr )"));
  }

  // --- value paths -------------------------------------------------------------------------------

  @Test
  void parsesValuePathsWithNestedLogic() {
    assertEquals(
        new ValuePath(
            AttributePath.of("emails"),
            new Or(
                eq("type", "work"),
                new And(
                    eq("type", "home"),
                    cmp("value", CompareOp.EW, TextNode.valueOf("@example.com"))))),
        FilterParser.parse(
            "emails[type eq \"work\" or (type eq \"home\" and value ew \"@example.com\")]"));
    assertEquals(
        new ValuePath(AttributePath.of("emails"), new Not(eq("type", "work"))),
        FilterParser.parse("emails[not (type eq \"work\")]"));
    assertEquals(
        new Not(new ValuePath(AttributePath.of("emails"), pr("value"))),
        FilterParser.parse("not (emails[value pr])"));
  }

  @Test
  void parsesUrnQualifiedValuePath() {
    assertEquals(
        new ValuePath(new AttributePath(ENTERPRISE, "manager", null), eq("value", "42")),
        FilterParser.parse(ENTERPRISE + ":manager[value eq \"42\"]"));
  }

  // --- attribute paths ---------------------------------------------------------------------------

  @Test
  void splitsTheSchemaUrnAtTheLastColon() {
    Comparison c = (Comparison) FilterParser.parse(ENTERPRISE + ":employeeNumber eq \"701984\"");
    assertEquals(new AttributePath(ENTERPRISE, "employeeNumber", null), c.path());

    Comparison m = (Comparison) FilterParser.parse(ENTERPRISE + ":manager.value eq \"26118915\"");
    assertEquals(new AttributePath(ENTERPRISE, "manager", "value"), m.path());

    Present p =
        (Present)
            FilterParser.parse("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName pr");
    assertEquals(
        new AttributePath("urn:ietf:params:scim:schemas:core:2.0:User", "name", "familyName"),
        p.path());
  }

  @Test
  void acceptsAttributeNameCharactersAndRef() {
    assertEquals(pr("a-b_c9"), FilterParser.parse("a-b_c9 pr"));
    Comparison ref = (Comparison) FilterParser.parse("members.$ref eq \"https://x/Users/1\"");
    assertEquals(AttributePath.of("members", "$ref"), ref.path());
    assertEquals(AttributePath.of("$ref"), ((Present) FilterParser.parse("$ref pr")).path());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a.b.c pr",
        "a..b pr",
        "a. pr",
        "a$b pr",
        "foo:bar pr",
        "urn: pr",
        "urn:x: pr",
        "urn:x:a.b.c pr",
        "a-b.$x pr"
      })
  void rejectsMalformedAttributePaths(String filter) {
    invalid(filter);
  }

  // --- values ------------------------------------------------------------------------------------

  @Test
  void parsesLiterals() {
    assertEquals(
        cmp("active", CompareOp.EQ, BooleanNode.TRUE), FilterParser.parse("active eq true"));
    assertEquals(
        cmp("active", CompareOp.NE, BooleanNode.FALSE), FilterParser.parse("active ne FALSE"));
    assertEquals(
        cmp("title", CompareOp.EQ, NullNode.getInstance()), FilterParser.parse("title eq null"));
    assertEquals(
        cmp("title", CompareOp.EQ, NullNode.getInstance()), FilterParser.parse("title eq Null"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0|0",
        "42|42",
        "-7|-7",
        "9223372036854775807|9223372036854775807",
        "-9223372036854775808|-9223372036854775808",
        "1.0|1",
        "100|100",
        "1e2|100",
        "1E+2|100",
        "2.50|2.5",
        "-0.125|-0.125",
        "1.5e-3|0.0015",
        "-0|0",
        "0.0|0"
      })
  void parsesNumbersNormalised(String literal, String expected) {
    Comparison c = (Comparison) FilterParser.parse("loginCount eq " + literal);
    assertTrue(c.value().isNumber());
    assertEquals(0, new BigDecimal(expected).compareTo(c.value().decimalValue()));
    assertEquals(FilterParser.parse("loginCount eq " + expected), c);
  }

  @Test
  void integralNumbersBecomeLongsAndOthersDecimals() {
    assertEquals(LongNode.valueOf(42), ((Comparison) FilterParser.parse("x eq 42")).value());
    assertEquals(LongNode.valueOf(100), ((Comparison) FilterParser.parse("x eq 1.00e2")).value());
    assertEquals(
        DecimalNode.valueOf(new BigDecimal("2.5")),
        ((Comparison) FilterParser.parse("x eq 2.500")).value());
    assertEquals(
        DecimalNode.valueOf(new BigDecimal("9223372036854775808")),
        ((Comparison) FilterParser.parse("x eq 9223372036854775808")).value());
    assertEquals(
        DecimalNode.valueOf(new BigDecimal("1E+400")),
        ((Comparison) FilterParser.parse("x eq 1e400")).value());
  }

  @Test
  void decodesStringEscapes() {
    Comparison c =
        (Comparison)
            FilterParser.parse(
                "displayName eq \"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\\u00e9\\u20AC\"");
    assertEquals("a\"b\\c/d\be\ff\ng\rh\ti\u00e9\u20ac", c.value().textValue());
    assertEquals("", ((Comparison) FilterParser.parse("displayName eq \"\"")).value().textValue());
    assertEquals(
        "with ) and ] and and",
        ((Comparison) FilterParser.parse("displayName eq \"with ) and ] and and\""))
            .value()
            .textValue());
    assertEquals(
        "\u00fcnic\u00f6de \ud83d\ude00",
        ((Comparison) FilterParser.parse("displayName eq \"\u00fcnic\u00f6de \ud83d\ude00\""))
            .value()
            .textValue());
  }

  // --- errors ------------------------------------------------------------------------------------

  @Test
  void unterminatedStringNamesWhereItStarts() {
    assertEquals(
        "Unterminated string starting at position 13", invalid("userName eq \"bjensen").detail());
    assertEquals(
        "Unterminated string starting at position 13",
        invalid("userName eq \"bjensen\\\"").detail());
    assertEquals(
        "Unterminated string starting at position 13", invalid("userName eq \"ab\\").detail());
  }

  @Test
  void reportsBadEscapes() {
    assertDetailContains("userName eq \"a\\x\"", "Invalid escape sequence '\\x'", "position 15");
    assertDetailContains("userName eq \"a\\u12\"", "unicode escape", "position 15");
    assertDetailContains("userName eq \"a\\u12", "unicode escape");
  }

  @Test
  void reportsMissingValue() {
    assertDetailContains(
        "userName eq", "Expected a value", "after 'eq'", "position 12", "reached the end");
    assertDetailContains("userName eq and title pr", "Expected a value", "found 'and'");
    assertDetailContains("userName eq bjensen", "Expected a value", "'bjensen'", "double quotes");
    assertDetailContains("userName eq )", "Expected a value", "')'");
  }

  @Test
  void reportsUnknownOperator() {
    assertDetailContains(
        "userName equals \"x\"", "Unknown operator 'equals'", "position 10", "eq, ne, co");
    assertDetailContains(
        "userName", "Expected an operator", "after 'userName'", "position 9", "the end");
    assertDetailContains("userName \"x\"", "Expected an operator", "position 10");
    assertDetailContains("userName = \"x\"", "Unexpected character '='", "position 10");
  }

  @Test
  void presentTakesNoValue() {
    assertDetailContains("title pr \"x\"", "'pr'", "takes no value");
    assertDetailContains("title pr true", "'pr'", "takes no value");
  }

  @Test
  void reportsDanglingLogicalOperators() {
    assertDetailContains(
        "title pr and", "Expected a filter expression", "after 'and'", "reached the end");
    assertDetailContains("title pr or", "Expected a filter expression", "after 'or'");
    assertDetailContains("title pr and or userType pr", "after 'and'", "found 'or'");
    assertDetailContains("title pr userType pr", "Expected 'and', 'or' or the end", "'userType'");
    assertDetailContains("title pr xor userType pr", "Expected 'and', 'or' or the end", "'xor'");
    assertDetailContains("title pr and and", "after 'and'");
  }

  @Test
  void reportsUnbalancedParentheses() {
    assertDetailContains("(title pr", "Missing ')'", "position 1");
    assertDetailContains("((title pr)", "Missing ')'", "position 1");
    assertDetailContains("title pr)", "Unexpected ')' at position 9");
    assertDetailContains("()", "Expected an attribute path");
    assertDetailContains("(title pr]", "Unexpected ']'");
    assertDetailContains("emails[type eq \"work\"", "Missing ']'", "position 7");
    assertDetailContains("emails[type eq \"work\")", "Unexpected ')'");
    assertDetailContains("emails[]", "Expected an attribute path");
    assertDetailContains("title pr]", "Unexpected ']'");
  }

  @Test
  void notRequiresParentheses() {
    assertDetailContains("not title pr", "Expected '(' after 'not'", "'title'");
    assertDetailContains("not", "Expected '(' after 'not'", "the end");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "   \t\n"})
  void rejectsEmptyFilter(String filter) {
    assertEquals("The filter is empty", invalid(filter).detail());
  }

  @Test
  void rejectsNull() {
    invalid(null);
  }

  @Test
  void rejectsDeepNesting() {
    String ok = "(".repeat(FilterParser.MAX_DEPTH) + "a pr" + ")".repeat(FilterParser.MAX_DEPTH);
    assertEquals(pr("a"), FilterParser.parse(ok));
    int deep = FilterParser.MAX_DEPTH + 1;
    assertDetailContains("(".repeat(deep) + "a pr" + ")".repeat(deep), "nested more than 50");
    assertDetailContains("not (".repeat(1500) + "a pr" + ")".repeat(1500), "nested more than 50");
    assertDetailContains("(".repeat(9000), "nested more than 50");
  }

  @Test
  void rejectsOverlongFilter() {
    String longValue = "x".repeat(FilterParser.MAX_LENGTH);
    assertDetailContains("userName eq \"" + longValue + "\"", "at most 10000");
  }

  @Test
  void limitsTheNumberOfLogicalOperators() {
    int most = FilterParser.MAX_LOGICAL_OPERATORS;
    Filter f = FilterParser.parse(String.join(" or ", Collections.nCopies(most + 1, "a pr")));
    assertTrue(f instanceof Or);
    assertEquals(f, FilterParser.parse(f.toString()));
    assertDetailContains(
        String.join(" and ", Collections.nCopies(most + 2, "a pr")), "more than 100 'and'/'or'");
    assertDetailContains(
        String.join(" and ", Collections.nCopies(1000, "a pr")), "more than 100 'and'/'or'");
  }

  @Test
  void rejectsNestedValuePathsAndQualifiedInnerPaths() {
    assertDetailContains("emails[type[value pr]]", "cannot be nested");
    assertDetailContains("emails[a.b eq \"x\"]", "cannot have a schema URN or a sub-attribute");
    assertDetailContains(
        "emails[urn:ietf:params:scim:schemas:core:2.0:User:type eq \"x\"]",
        "cannot have a schema URN");
    assertDetailContains("name.givenName[value pr]", "not to the sub-attribute");
  }

  @Test
  void rejectsSubAttributeAfterValuePathInFilters() {
    assertDetailContains(
        "emails[type eq \"work\"].value eq \"x\"", "cannot be followed by a sub-attribute");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x eq 01",
        "x eq -",
        "x eq 1.",
        "x eq .5",
        "x eq 1e",
        "x eq 1-2",
        "x eq +1",
        "x eq 1.2.3"
      })
  void rejectsMalformedNumbers(String filter) {
    invalid(filter);
  }

  @Test
  void rejectsUnquotedOrSingleQuotedStrings() {
    assertDetailContains("userName eq 'x'", "Unexpected character", "position 13");
  }

  @Test
  void rejectsOutOfRangeNumbers() {
    assertDetailContains("x eq 1e99999999999", "out of range");
  }
}
