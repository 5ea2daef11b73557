package dev.scimserverless.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.AttributePath;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterEvaluatorTest {
  private static final String ENTERPRISE = TestResolver.ENTERPRISE;

  private static final JsonNode BJENSEN =
      Json.parse(
          """
          {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"],
            "id": "2819c223-7f76-453a-919d-413861904646",
            "externalId": "BJensen",
            "userName": "bjensen@example.com",
            "displayName": "Babs Jensen",
            "title": "",
            "userType": "Employee",
            "active": true,
            "loginCount": 42,
            "score": 7.5,
            "tags": ["Blue", "green"],
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "emails": [
              {"value": "bjensen@example.com", "type": "work", "primary": true},
              {"value": "babs@jensen.org", "type": "home"}
            ],
            "meta": {
              "resourceType": "User",
              "created": "2010-01-23T04:56:22Z",
              "lastModified": "2011-05-13T04:42:34.123+02:00"
            },
            "%s": {
              "employeeNumber": "701984",
              "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}
            }
          }
          """
              .formatted(ENTERPRISE, ENTERPRISE));

  private final FilterEvaluator evaluator = new FilterEvaluator(new TestResolver());

  private boolean matches(String filter) {
    return matches(filter, BJENSEN);
  }

  private boolean matches(String filter, JsonNode resource) {
    return evaluator.matches(FilterParser.parse(filter), resource);
  }

  private void assertMatches(String filter) {
    assertTrue(matches(filter), filter);
  }

  private void assertNoMatch(String filter) {
    assertFalse(matches(filter), filter);
  }

  private ScimException assertInvalid(String filter) {
    ScimException e = assertThrows(ScimException.class, () -> matches(filter));
    assertEquals(ScimType.invalidFilter, e.scimType().orElseThrow());
    assertEquals(400, e.status());
    return e;
  }

  @Test
  void stringOperatorsIgnoreCaseWhenNotCaseExact() {
    assertMatches("userName eq \"BJENSEN@example.com\"");
    assertMatches("userName co \"JENSEN\"");
    assertMatches("userName sw \"BJ\"");
    assertMatches("userName ew \"EXAMPLE.COM\"");
    assertNoMatch("userName eq \"bjensen\"");
    assertNoMatch("userName sw \"jensen\"");
    assertMatches("userName ne \"someone\"");
    assertNoMatch("userName ne \"BJensen@Example.com\"");
  }

  @Test
  void stringOperatorsHonourCaseExact() {
    assertMatches("externalId eq \"BJensen\"");
    assertNoMatch("externalId eq \"bjensen\"");
    assertNoMatch("externalId sw \"bj\"");
    assertMatches("externalId sw \"BJ\"");
    assertMatches("externalId ne \"bjensen\"");
    assertMatches("id eq \"2819c223-7f76-453a-919d-413861904646\"");
    assertNoMatch("id eq \"2819C223-7F76-453A-919D-413861904646\"");
  }

  @Test
  void attributeNamesMatchCaseInsensitively() {
    assertMatches("USERNAME eq \"bjensen@example.com\"");
    assertMatches("Name.GIVENNAME eq \"barbara\"");
    assertMatches("EMAILS[TYPE eq \"work\"]");
  }

  @Test
  void orderingOnStringsIsLexical() {
    assertMatches("displayName gt \"A\"");
    assertMatches("displayName gt \"babs\"");
    assertMatches("displayName lt \"C\"");
    assertMatches("displayName ge \"babs jensen\"");
    assertMatches("displayName le \"BABS JENSEN\"");
    assertNoMatch("displayName lt \"Babs\"");
  }

  @Test
  void numbersCompareNumerically() {
    assertMatches("loginCount eq 42");
    assertMatches("loginCount eq 42.0");
    assertMatches("loginCount gt 9");
    assertMatches("loginCount ge 42");
    assertMatches("loginCount lt 100");
    assertMatches("loginCount le 4.2e1");
    assertNoMatch("loginCount gt 42");
    assertMatches("score gt 7.25");
    assertMatches("score eq 7.50");
    assertMatches("loginCount eq \"42\"");
  }

  @Test
  void dateTimesCompareChronologically() {
    assertMatches("meta.lastModified gt \"2011-05-13T02:00:00Z\"");
    assertNoMatch("meta.lastModified gt \"2011-05-13T03:00:00Z\"");
    assertMatches("meta.lastModified eq \"2011-05-13T02:42:34.123Z\"");
    assertMatches("meta.lastModified lt \"2011-05-13T04:42:34Z\"");
    assertMatches("meta.created ge \"2010-01-23T04:56:22Z\"");
    assertMatches("meta.created le \"2010-01-23T04:56:22.000Z\"");
    assertMatches("meta.created gt \"2010-01-23T04:56:21\"");
    assertMatches("meta.created sw \"2010-01\"");
  }

  @Test
  void booleansOnlyEqualOrNot() {
    assertMatches("active eq true");
    assertNoMatch("active eq false");
    assertMatches("active ne false");
    assertMatches("active eq \"TRUE\"");
    assertInvalid("active gt true");
    assertInvalid("active lt false");
    assertInvalid("active co \"t\"");
    assertInvalid("active eq 1");
    assertInvalid("emails[primary ge true]");
  }

  @Test
  void substringOperatorsNeedStrings() {
    assertInvalid("loginCount co 4");
    assertInvalid("loginCount sw \"4\"");
    assertInvalid("userName co 4");
    assertInvalid("unknownThing sw true");
    assertInvalid("unknownThing ew 5");
    assertTrue(assertInvalid("loginCount ew 2").detail().contains("'ew'"));
  }

  @Test
  void valuesMustFitTheAttributeType() {
    assertInvalid("userName eq 5");
    assertInvalid("userName eq true");
    assertInvalid("loginCount eq \"many\"");
    assertInvalid("loginCount gt true");
    assertInvalid("meta.lastModified gt \"yesterday\"");
    assertInvalid("meta.lastModified gt 5");
  }

  @Test
  void typeErrorsDoNotDependOnTheDocument() {
    Predicate<JsonNode> ok = evaluator.compile(FilterParser.parse("title pr"));
    assertFalse(ok.test(Json.object()));
    assertThrows(
        ScimException.class,
        () -> evaluator.compile(FilterParser.parse("title pr or active gt true")));
  }

  @Test
  void presence() {
    assertMatches("userName pr");
    assertMatches("emails pr");
    assertMatches("name pr");
    assertMatches("name.givenName pr");
    assertMatches("emails.type pr");
    assertNoMatch("title pr");
    assertNoMatch("nickName pr");
    assertNoMatch("emails.display pr");
    JsonNode empty =
        Json.parse(
            "{\"emails\": [], \"title\": null, \"name\": {\"givenName\": \"\"}, \"ims\": [null],"
                + " \"x509Certificates\": [{}]}");
    assertFalse(matches("emails pr", empty));
    assertFalse(matches("title pr", empty));
    assertFalse(matches("name pr", empty));
    assertFalse(matches("name.givenName pr", empty));
    assertFalse(matches("ims pr", empty));
    assertFalse(matches("x509Certificates pr", empty));
  }

  @Test
  void nullComparisons() {
    assertMatches("nickName eq null");
    assertMatches("title eq null");
    assertNoMatch("userName eq null");
    assertMatches("userName ne null");
    assertNoMatch("nickName ne null");
    assertInvalid("userName gt null");
    assertInvalid("userName co null");
  }

  @Test
  void notEqualMatchesAbsentAttributes() {
    assertMatches("nickName ne \"x\"");
    assertMatches("not (nickName eq \"x\")");
  }

  @Test
  void multiValuedAttributesMatchWhenAnyValueMatches() {
    assertMatches("emails.type eq \"home\"");
    assertMatches("emails.type eq \"work\"");
    assertNoMatch("emails.type eq \"other\"");
    assertMatches("tags eq \"blue\"");
    assertMatches("tags eq \"GREEN\"");
    assertNoMatch("tags eq \"red\"");
    assertMatches("tags sw \"gr\"");
  }

  @Test
  void complexAttributeWithoutSubAttributeComparesItsValue() {
    assertMatches("emails co \"jensen.org\"");
    assertMatches("emails eq \"BJENSEN@example.com\"");
    assertNoMatch("emails co \"example.net\"");
    assertMatches("emails co \"example.com\" or emails.value co \"example.org\"");
    assertNoMatch("name eq \"Barbara\"");
  }

  @Test
  void valuePathsMatchOneValueOnAllConditions() {
    assertMatches("emails[type eq \"work\" and value co \"@example.com\"]");
    assertNoMatch("emails[type eq \"home\" and value co \"@example.com\"]");
    assertMatches("emails[type eq \"home\" or value co \"@example.com\"]");
    assertMatches("emails[primary eq true]");
    assertMatches("emails[not (primary eq true)]");
    assertMatches("emails[primary eq null]");
    assertMatches("emails[type eq \"work\" and primary pr]");
    assertNoMatch("emails[type eq \"home\" and primary pr]");
    assertMatches("name[givenName sw \"bar\"]");
    assertNoMatch("phoneNumbers[type eq \"work\"]");
    assertMatches(
        "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]");
  }

  @Test
  void extensionAttributesLiveUnderTheirUrn() {
    assertMatches(ENTERPRISE + ":employeeNumber eq \"701984\"");
    assertNoMatch(ENTERPRISE + ":employeeNumber eq \"1\"");
    assertMatches(ENTERPRISE.toUpperCase() + ":EMPLOYEENUMBER pr");
    assertMatches(ENTERPRISE + ":manager.value sw \"26118915\"");
    assertMatches(ENTERPRISE + ":manager.displayName eq \"john smith\"");
    assertMatches(ENTERPRISE + ":manager[displayName co \"Smith\"]");
    assertMatches(ENTERPRISE + ":manager eq \"26118915-6090-4610-87e4-49d8ca9f808d\"");
    assertNoMatch(ENTERPRISE + ":costCenter pr");
    assertMatches(ENTERPRISE + ":costCenter eq null");
    assertNoMatch("employeeNumber pr");
    assertNoMatch("urn:example:custom:2.0:Thing:employeeNumber pr");
  }

  @Test
  void coreUrnQualifiedPathsReferToTopLevelAttributes() {
    assertMatches("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bjensen@example.com\"");
    assertMatches("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName co \"ense\"");
    assertMatches("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"]");
  }

  @Test
  void unknownAttributesCompareByJsonTypeWithoutError() {
    JsonNode doc =
        Json.parse(
            "{\"custom\": \"Hello\", \"count\": 3, \"flag\": false, \"list\": [{\"value\": \"A\"}],"
                + " \"urn:example:ext:1.0:Thing\": {\"color\": \"Red\"}}");
    assertTrue(matches("custom eq \"hello\"", doc));
    assertTrue(matches("custom gt \"a\"", doc));
    assertTrue(matches("count gt 2", doc));
    assertFalse(matches("count eq \"3\"", doc));
    assertTrue(matches("flag eq false", doc));
    assertTrue(matches("list eq \"a\"", doc));
    assertTrue(matches("list[value eq \"a\"]", doc));
    assertTrue(matches("urn:example:ext:1.0:Thing:color eq \"red\"", doc));
    assertFalse(matches("missing eq \"x\"", doc));
  }

  @Test
  void logicalOperators() {
    assertMatches("userName pr and active eq true");
    assertNoMatch("userName pr and active eq false");
    assertMatches("title pr or active eq true");
    assertNoMatch("title pr or active eq false");
    assertMatches("not (title pr)");
    assertNoMatch("not (userName pr)");
    assertMatches(
        "userType ne \"Employee\" or not (emails co \"example.net\" or emails.value co \"example.org\")");
  }

  @Test
  void tolerantOfOddDocuments() {
    for (String doc :
        new String[] {
          "{}",
          "[]",
          "\"text\"",
          "42",
          "null",
          "{\"emails\": \"not-an-array\"}",
          "{\"emails\": [1, \"x\", null, [], {\"value\": null}]}",
          "{\"name\": [\"x\"]}",
          "{\"loginCount\": \"abc\"}",
          "{\"meta\": {\"lastModified\": 5}}",
          "{\"meta\": {\"lastModified\": \"garbage\"}}",
          "{\"active\": \"true\"}",
          "{\"" + ENTERPRISE + "\": \"flat\"}"
        }) {
      JsonNode node = Json.mapper().valueToTree(Json.parse("[" + doc + "]").get(0));
      for (String filter :
          new String[] {
            "emails co \"x\"",
            "emails[value pr]",
            "name.givenName eq \"x\"",
            "loginCount gt 1",
            "meta.lastModified gt \"2011-05-13T04:42:34Z\"",
            "active eq true",
            ENTERPRISE + ":employeeNumber eq \"1\"",
            "emails ne \"x\""
          }) {
        evaluator.matches(FilterParser.parse(filter), node);
      }
    }
  }

  @Test
  void rejectsNestedValueFiltersBuiltByHand() {
    Filter nested =
        new Filter.ValuePath(
            AttributePath.of("emails"),
            new Filter.ValuePath(
                AttributePath.of("type"), new Filter.Present(AttributePath.of("x"))));
    assertThrows(ScimException.class, () -> evaluator.compile(nested));
    Filter qualifiedInner =
        new Filter.ValuePath(
            AttributePath.of("emails"), new Filter.Present(AttributePath.of("a", "b")));
    assertThrows(ScimException.class, () -> evaluator.compile(qualifiedInner));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2011-05-13T04:42:34Z",
        "2011-05-13T04:42:34.5Z",
        "2011-05-13T06:42:34+02:00",
        "2011-05-13T04:42:34",
        "2011-05-13T04:42:34.000000Z"
      })
  void parsesIsoDateTimes(String text) {
    Optional<java.time.Instant> instant = dev.scimserverless.core.schema.ScimValues.instant(text);
    assertTrue(instant.isPresent(), text);
    assertEquals(
        java.time.Instant.parse("2011-05-13T04:42:34Z").getEpochSecond(),
        instant.get().getEpochSecond());
  }
}
