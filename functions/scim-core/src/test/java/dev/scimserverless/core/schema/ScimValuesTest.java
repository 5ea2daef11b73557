package dev.scimserverless.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of SCIM values, each pinned: names, equality, primary, dateTimes. */
class ScimValuesTest {

  static AttributeDefinition simple(String name, AttributeType type, boolean caseExact) {
    return new AttributeDefinition(
        name,
        type,
        false,
        "",
        false,
        List.of(),
        caseExact,
        Mutability.READ_WRITE,
        Returned.DEFAULT,
        Uniqueness.NONE,
        List.of(),
        List.of());
  }

  static AttributeDefinition multiComplex(String name, AttributeDefinition... subs) {
    return new AttributeDefinition(
        name,
        AttributeType.COMPLEX,
        true,
        "",
        false,
        List.of(),
        false,
        Mutability.READ_WRITE,
        Returned.DEFAULT,
        Uniqueness.NONE,
        List.of(),
        List.of(subs));
  }

  static final AttributeDefinition STRING = simple("nickName", AttributeType.STRING, false);
  static final AttributeDefinition EXACT = simple("id", AttributeType.STRING, true);
  static final AttributeDefinition DECIMAL = simple("salary", AttributeType.DECIMAL, false);
  static final AttributeDefinition DATE = simple("since", AttributeType.DATE_TIME, false);
  static final AttributeDefinition EMAILS =
      multiComplex(
          "emails",
          simple("value", AttributeType.STRING, false),
          simple("type", AttributeType.STRING, false),
          simple("primary", AttributeType.BOOLEAN, false));

  static JsonNode json(String text) {
    return Json.parse(text);
  }

  // ---- names ----

  @Test
  void aMemberIsFoundInAnyCaseTheExactNameFirst() {
    JsonNode object = json("{\"UserName\":\"a\",\"userName\":\"b\",\"other\":1}");
    assertEquals("b", ScimValues.member(object, "userName").asText());
    assertEquals("a", ScimValues.member(object, "UserName").asText());
    assertEquals("a", ScimValues.member(json("{\"UserName\":\"a\"}"), "USERNAME").asText());
    assertNull(ScimValues.member(object, "nope"));
    assertNull(ScimValues.member(json("[1]"), "a"));
    assertNull(ScimValues.member(null, "a"));
  }

  @Test
  void setAndRemoveReplaceEveryCaseOfAName() {
    ObjectNode object = (ObjectNode) json("{\"DisplayName\":\"a\",\"displayname\":\"b\"}");
    ScimValues.set(object, "displayName", json("\"c\""));
    assertEquals(json("{\"displayName\":\"c\"}"), object);
    ObjectNode other = (ObjectNode) json("{\"Title\":\"a\",\"x\":1}");
    ScimValues.remove(other, "title");
    assertEquals(json("{\"x\":1}"), other);
  }

  // ---- equality ----

  @Test
  void stringsHonourCaseExact() {
    assertTrue(ScimValues.equal(STRING, json("\"Babs\""), json("\"BABS\"")));
    assertFalse(ScimValues.equal(EXACT, json("\"Babs\""), json("\"BABS\"")));
    assertTrue(ScimValues.equal(EXACT, json("\"Babs\""), json("\"Babs\"")));
  }

  /**
   * Not caseExact: equal when the root-locale lower cases are, the fold of filters, sorting and
   * unique keys (String.equalsIgnoreCase, which one copy used, calls "\u0130" and "i" equal).
   */
  @Test
  void caseInsensitiveEqualityIsTheFoldOfFiltersSortingAndKeys() {
    assertFalse(ScimValues.equal(STRING, json("\"\u0130\""), json("\"i\"")));
    assertTrue(ScimValues.equal(STRING, json("\"\u0130\""), json("\"i\u0307\"")));
    assertEquals("i\u0307stanbul", ScimValues.fold("\u0130STANBUL"));
    assertEquals(
        dev.scimserverless.core.service.KeyPolicy.normalize("\u0130STANBUL"),
        ScimValues.fold("\u0130STANBUL"));
  }

  @Test
  void numbersCompareNumerically() {
    assertTrue(ScimValues.equal(DECIMAL, json("1.50"), json("1.5")));
    assertTrue(ScimValues.equal(DECIMAL, json("1"), json("1.0")));
    assertFalse(ScimValues.equal(DECIMAL, json("1"), json("1.01")));
    assertFalse(ScimValues.equal(DECIMAL, json("1"), json("\"1\"")));
  }

  @Test
  void dateTimesCompareAsInstants() {
    assertTrue(
        ScimValues.equal(
            DATE, json("\"2015-09-01T12:00:00Z\""), json("\"2015-09-01T14:00:00+02:00\"")));
    assertTrue(
        ScimValues.equal(
            DATE, json("\"2015-09-01T12:00:00Z\""), json("\"2015-09-01T12:00:00.000Z\"")));
    assertFalse(
        ScimValues.equal(DATE, json("\"2015-09-01T12:00:00Z\""), json("\"2015-09-01T12:00:01Z\"")));
    // a string attribute holding date-like text is text, not a dateTime
    assertFalse(
        ScimValues.equal(
            STRING, json("\"2015-09-01T12:00:00Z\""), json("\"2015-09-01T14:00:00+02:00\"")));
  }

  @Test
  void complexValuesCompareMemberByMemberWithTheirSubAttributes() {
    AttributeDefinition email = EMAILS;
    assertTrue(
        ScimValues.equal(
            email,
            json("{\"value\":\"A@example.com\",\"Type\":\"work\"}"),
            json("{\"type\":\"WORK\",\"value\":\"a@example.com\",\"primary\":null}")));
    assertFalse(
        ScimValues.equal(
            email,
            json("{\"value\":\"a@example.com\",\"type\":\"work\"}"),
            json("{\"value\":\"a@example.com\"}")));
  }

  @Test
  void multipleValuesCompareElementByElement() {
    assertTrue(ScimValues.equal(STRING, json("[\"a\",\"B\"]"), json("[\"A\",\"b\"]")));
    assertFalse(ScimValues.equal(STRING, json("[\"a\",\"b\"]"), json("[\"a\"]")));
    assertFalse(ScimValues.equal(STRING, json("[\"a\"]"), json("\"a\"")));
  }

  // ---- primary ----

  @Test
  void theValueJustWrittenAsPrimaryWinsTheOthersLoseIt() {
    ArrayNode values =
        (ArrayNode)
            json("[{\"value\":\"a\",\"primary\":true},{\"value\":\"b\"},{\"value\":\"c\"}]");
    ((ObjectNode) values.get(2)).put("primary", true);
    ScimValues.onePrimary(EMAILS, values, List.of(values.get(2)));
    assertEquals(
        json(
            "[{\"value\":\"a\",\"primary\":false},{\"value\":\"b\"},"
                + "{\"value\":\"c\",\"primary\":true}]"),
        values);
  }

  @Test
  void withoutANewPrimaryTheFirstPrimaryIsKept() {
    ArrayNode values =
        (ArrayNode)
            json(
                "[{\"value\":\"a\"},{\"value\":\"b\",\"primary\":true},"
                    + "{\"value\":\"c\",\"Primary\":true}]");
    ScimValues.onePrimary(EMAILS, values, List.of(values.get(0)));
    assertEquals(
        json(
            "[{\"value\":\"a\"},{\"value\":\"b\",\"primary\":true},"
                + "{\"value\":\"c\",\"primary\":false}]"),
        values);
  }

  @Test
  void anAttributeWithoutPrimaryIsLeftAlone() {
    AttributeDefinition noPrimary =
        multiComplex("things", simple("value", AttributeType.STRING, false));
    ArrayNode values = (ArrayNode) json("[{\"primary\":true},{\"primary\":true}]");
    ScimValues.onePrimary(noPrimary, values, List.of());
    assertEquals(json("[{\"primary\":true},{\"primary\":true}]"), values);
  }

  @Test
  void aMultiValuedAttributeStandsForItsPrimaryElseItsFirst() {
    JsonNode withPrimary = json("[{\"value\":\"a\"},{\"value\":\"b\",\"primary\":true}]");
    assertSame(withPrimary.get(1), ScimValues.primaryOrFirst(withPrimary));
    JsonNode without = json("[{\"value\":\"a\"},{\"value\":\"b\"}]");
    assertSame(without.get(0), ScimValues.primaryOrFirst(without));
    assertNull(ScimValues.primaryOrFirst(json("[]")));
    JsonNode single = json("\"x\"");
    assertSame(single, ScimValues.primaryOrFirst(single));
    assertFalse(ScimValues.isPrimary(json("{\"primary\":\"true\"}")), "stored form: a boolean");
  }

  // ---- dateTime ----

  @Test
  void dateTimesAreInstantsWithoutOffsetUtc() {
    assertEquals(
        Optional.of(Instant.parse("2011-05-13T04:42:34Z")),
        ScimValues.instant("2011-05-13T06:42:34+02:00"));
    assertEquals(
        Optional.of(Instant.parse("2011-05-13T04:42:34Z")),
        ScimValues.instant("2011-05-13T04:42:34"));
    assertEquals(Optional.empty(), ScimValues.instant("2011-05-13"));
    assertEquals(Optional.empty(), ScimValues.instant("yesterday"));
    assertEquals(Optional.empty(), ScimValues.instant("2011-05-13T04:42:34Z" + "0".repeat(200)));
  }
}
