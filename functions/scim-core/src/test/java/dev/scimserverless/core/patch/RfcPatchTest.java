package dev.scimserverless.core.patch;

import static dev.scimserverless.core.patch.PatchFixtures.group;
import static dev.scimserverless.core.patch.PatchFixtures.json;
import static dev.scimserverless.core.patch.PatchFixtures.ofType;
import static dev.scimserverless.core.patch.PatchFixtures.patchGroup;
import static dev.scimserverless.core.patch.PatchFixtures.patchUser;
import static dev.scimserverless.core.patch.PatchFixtures.subValues;
import static dev.scimserverless.core.patch.PatchFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of RFC 7644 §3.5.2 and the rules they illustrate. */
class RfcPatchTest {
  private static final String BABS = "2819c223-7f76-453a-919d-413861904646";
  private static final String JAMES = "08e1d05d-121c-4561-8b96-473d93df9210";
  private static final String OTHER = "902c246b-6245-4190-8e05-00816be7344a";

  // §3.5.2.1 add

  @Test
  void addMember() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "add", "path": "members", "value": [
               {"display": "Babs Jensen", "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                "value": "2819c223-7f76-453a-919d-413861904646"},
               {"display": "James Smith", "$ref": "https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
                "value": "08e1d05d-121c-4561-8b96-473d93df9210"}]}]
            """);
    assertEquals(
        List.of(BABS, OTHER, JAMES),
        subValues(patched, "members", "value"),
        "Babs was a member already");
    assertEquals(
        json(
            "{\"value\": \"%s\", \"$ref\": \"https://example.com/v2/Users/%s\"}"
                .formatted(JAMES, JAMES)),
        patched.get("members").get(2));
  }

  @Test
  void addWithoutPath() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "add", "value": {
               "emails": [{"value": "babs@jensen.org", "type": "home"}, {"value": "babs@example.org", "type": "other"}],
               "nickname": "Babsy"}}]
            """);
    assertEquals(
        List.of("bjensen@example.com", "babs@jensen.org", "babs@example.org"),
        subValues(patched, "emails", "value"),
        "values are appended; one already there is not added again");
    assertEquals("Babsy", patched.get("nickName").asText(), "names are case-insensitive");
  }

  @Test
  void addToExistingSingleValueReplacesIt() {
    ObjectNode patched =
        patchUser(user(), "[{\"op\": \"add\", \"path\": \"displayName\", \"value\": \"Barbara\"}]");
    assertEquals("Barbara", patched.get("displayName").asText());
  }

  @Test
  void addComplexMergesSubAttributes() {
    ObjectNode patched =
        patchUser(
            user(),
            "[{\"op\": \"add\", \"path\": \"name\", \"value\": {\"middleName\": \"Jane\","
                + " \"givenName\": \"Babs\"}}]");
    assertEquals(
        json(
            """
            {"formatted": "Ms. Barbara J Jensen", "familyName": "Jensen", "givenName": "Babs", "middleName": "Jane"}
            """),
        patched.get("name"));
  }

  // §3.5.2.2 remove

  @Test
  void removeSingleMember() {
    ObjectNode patched =
        patchGroup(
            group(),
            "[{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + BABS + "\\\"]\"}]");
    assertEquals(List.of(OTHER), subValues(patched, "members", "value"));
  }

  @Test
  void removeAllMembers() {
    ObjectNode patched = patchGroup(group(), "[{\"op\": \"remove\", \"path\": \"members\"}]");
    assertFalse(patched.has("members"));
  }

  @Test
  void removeFilteredComplexValues() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "remove", "path": "emails[type eq \\"work\\" and value ew \\"example.com\\"]"}]
            """);
    assertEquals(List.of("babs@jensen.org"), subValues(patched, "emails", "value"));
  }

  @Test
  void replaceAllMembersByRemoveThenAdd() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "remove", "path": "members"},
             {"op": "add", "path": "members", "value": [
                {"display": "Babs Jensen", "$ref": "https://example.com/v2/Users/%s", "value": "%s"},
                {"display": "James Smith", "$ref": "https://example.com/v2/Users/%s", "value": "%s"}]}]
            """
                .formatted(BABS, BABS, JAMES, JAMES));
    assertEquals(List.of(BABS, JAMES), subValues(patched, "members", "value"));
  }

  @Test
  void removeSubAttributeAndSingleValue() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "remove", "path": "name.formatted"},
             {"op": "remove", "path": "nickName"},
             {"op": "remove", "path": "addresses[type eq \\"work\\"].region"},
             {"op": "remove", "path": "title"}]
            """);
    assertFalse(patched.get("name").has("formatted"));
    assertFalse(patched.has("nickName"));
    assertFalse(ofType(patched, "addresses", "work").has("region"));
    assertEquals("Hollywood", ofType(patched, "addresses", "work").path("locality").asText());
  }

  // §3.5.2.3 replace

  @Test
  void replaceAllMembers() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "replace", "path": "members", "value": [
               {"display": "Babs Jensen", "$ref": "https://example.com/v2/Users/%s", "value": "%s"},
               {"display": "James Smith", "$ref": "https://example.com/v2/Users/%s", "value": "%s"}]}]
            """
                .formatted(BABS, BABS, JAMES, JAMES));
    assertEquals(List.of(BABS, JAMES), subValues(patched, "members", "value"));
  }

  @Test
  void replaceFilteredValue() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "path": "addresses[type eq \\"work\\"]", "value": {
               "type": "work",
               "streetAddress": "911 Universal City Plaza",
               "locality": "Hollywood",
               "region": "CA",
               "postalCode": "91608",
               "country": "US",
               "formatted": "911 Universal City Plaza\\nHollywood, CA 91608 US",
               "primary": true}}]
            """);
    JsonNode work = ofType(patched, "addresses", "work");
    assertEquals("911 Universal City Plaza", work.get("streetAddress").asText());
    assertEquals("US", work.get("country").asText());
    assertTrue(work.get("primary").booleanValue());
    assertEquals(2, patched.get("addresses").size());
  }

  @Test
  void replaceFilteredSubAttribute() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "path": "addresses[type eq \\"work\\"].streetAddress", "value": "1010 Broadway Ave"}]
            """);
    assertEquals(
        "1010 Broadway Ave", ofType(patched, "addresses", "work").get("streetAddress").asText());
    assertEquals(
        "456 Hollywood Blvd", ofType(patched, "addresses", "home").get("streetAddress").asText());
  }

  @Test
  void replaceWithoutPath() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "value": {
               "emails": [
                 {"value": "bjensen@example.com", "type": "work", "primary": true},
                 {"value": "babs@jensen.org", "type": "home"}],
               "nickname": "Babs"}}]
            """);
    assertEquals(user(), patched, "the values were already these");
  }

  @Test
  void replaceAttributeWithoutValueAddsIt() {
    ObjectNode patched =
        patchUser(
            user(), "[{\"op\": \"replace\", \"path\": \"title\", \"value\": \"Tour Guide\"}]");
    assertEquals("Tour Guide", patched.get("title").asText());
  }

  @Test
  void replaceComplexKeepsUnspecifiedSubAttributes() {
    ObjectNode patched =
        patchUser(
            user(),
            "[{\"op\": \"replace\", \"path\": \"name\", \"value\": {\"givenName\": \"Babs\"}}]");
    assertEquals("Babs", patched.at("/name/givenName").asText());
    assertEquals("Jensen", patched.at("/name/familyName").asText());
  }

  // primary (§3.5.2: setting primary true on a value sets the others false)

  @Test
  void addingAPrimaryValueClearsTheOldPrimary() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "add", "path": "emails", "value": [{"value": "new@example.com", "type": "other", "primary": true}]}]
            """);
    assertEquals(List.of(false, false, true), primaries(patched.get("emails")));
  }

  @Test
  void settingPrimaryWithFilterClearsTheOthers() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "path": "emails[type eq \\"home\\"].primary", "value": true},
             {"op": "replace", "path": "addresses[type eq \\"home\\"]", "value": {"primary": "true"}}]
            """);
    assertEquals(List.of(false, true), primaries(patched.get("emails")));
    assertEquals(List.of(false, true), primaries(patched.get("addresses")));
  }

  @Test
  void onlyTheFirstOfSeveralNewPrimariesKeepsIt() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "path": "phoneNumbers", "value": [
               {"value": "1", "primary": true}, {"value": "2", "primary": true}]}]
            """);
    assertEquals(List.of(true, false), primaries(patched.get("phoneNumbers")));
  }

  @Test
  void settingPrimaryFalseLeavesTheOthers() {
    ObjectNode patched =
        patchUser(
            user(),
            "[{\"op\": \"replace\", \"path\": \"emails[type eq \\\"home\\\"].primary\", \"value\":"
                + " false}]");
    assertEquals(List.of(true, false), primaries(patched.get("emails")));
  }

  private static List<Boolean> primaries(JsonNode values) {
    List<Boolean> out = new ArrayList<>();
    values.forEach(v -> out.add(v.path("primary").asBoolean(false)));
    return out;
  }
}
