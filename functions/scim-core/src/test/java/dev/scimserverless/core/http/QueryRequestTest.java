package dev.scimserverless.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.service.ListQuery;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The list parameters from a query string and from a SearchRequest body. */
class QueryRequestTest {
  private static final String SR = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

  @Test
  void queryStringParametersAreCaseInsensitiveAndLenient() {
    ListQuery q =
        ListQuery.fromQuery(
            Map.of(
                "FILTER", "userName sw \"a\"",
                "startindex", "-4",
                "Count", " -1 ",
                "sortBy", "name.familyName",
                "sortOrder", "DESCENDING",
                "attributes", "userName",
                "excludedattributes", "emails"));
    assertEquals(Optional.of("userName sw \"a\""), q.filter());
    assertEquals(1, q.startIndex());
    assertEquals(Optional.of(0), q.count());
    assertEquals(Optional.of("name.familyName"), q.sortBy());
    assertEquals(true, q.descending());
    assertEquals(Optional.of("userName"), q.attributes());
    assertEquals(Optional.of("emails"), q.excludedAttributes());
    assertEquals(false, q.cursorPaging());
    assertEquals(false, ListQuery.fromQuery(Map.of("sortOrder", "down")).descending());
  }

  @Test
  void anEmptyCursorAsksForTheFirstCursorPage() {
    assertEquals(Optional.of(""), ListQuery.fromQuery(Map.of("cursor", "")).cursor());
    assertEquals(true, ListQuery.fromQuery(Map.of("cursor", "", "startIndex", "")).cursorPaging());
    invalid(() -> ListQuery.fromQuery(Map.of("cursor", "", "startIndex", "1")));
    invalid(() -> ListQuery.fromQuery(Map.of("startIndex", "1.5")));
    // RFC 7644 §3.4.2.4: a count beyond what the server returns is capped, not refused
    assertEquals(
        Optional.of(Integer.MAX_VALUE),
        ListQuery.fromQuery(Map.of("count", "99999999999")).count());
    assertEquals(Optional.of(0), ListQuery.fromQuery(Map.of("count", "-99999999999")).count());
  }

  @Test
  void searchRequestBodiesTakeArraysOrStrings() {
    ListQuery q =
        SearchRequest.parse(
            Json.parseObject(
                """
                {"schemas":["%s"],"filter":"active pr","startIndex":11,"count":"5",
                 "sortBy":"userName","sortOrder":"descending",
                 "attributes":["userName"," emails.value "],"excludedAttributes":null,
                 "unknownMember":{"x":1}}
                """
                    .formatted(SR)));
    assertEquals(Optional.of("active pr"), q.filter());
    assertEquals(11, q.startIndex());
    assertEquals(Optional.of(5), q.count());
    assertEquals(true, q.descending());
    assertEquals(Optional.of("userName,emails.value"), q.attributes());
    assertEquals(Optional.empty(), q.excludedAttributes());
    ListQuery c =
        SearchRequest.parse(
            Json.parseObject(
                "{\"schemas\":[\""
                    + SR.toUpperCase()
                    + "\"],\"cursor\":\"\",\"count\":10,"
                    + "\"excludedAttributes\":\"members\"}"));
    assertEquals(Optional.of(""), c.cursor());
    assertEquals(Optional.of("members"), c.excludedAttributes());
  }

  @Test
  void badSearchRequestsAreClientErrors() {
    ScimException noSchema =
        assertThrows(ScimException.class, () -> SearchRequest.parse(Json.parseObject("{}")));
    assertEquals(ScimType.invalidSyntax, noSchema.scimType().orElseThrow());
    for (String body :
        new String[] {
          "{\"filter\":5}",
          "{\"count\":1.5}",
          "{\"count\":true}",
          "{\"startIndex\":\"x\"}",
          "{\"attributes\":[1]}",
          "{\"attributes\":{}}",
          "{\"sortOrder\":[]}",
          "{\"cursor\":\"\",\"startIndex\":1}"
        }) {
      String full = body.replaceFirst("\\{", "{\"schemas\":[\"" + SR + "\"],");
      invalid(() -> SearchRequest.parse(Json.parseObject(full)));
    }
  }

  private static void invalid(org.junit.jupiter.api.function.Executable call) {
    ScimException e = assertThrows(ScimException.class, call);
    assertEquals(400, e.status());
    assertEquals(ScimType.invalidValue, e.scimType().orElseThrow());
  }
}
