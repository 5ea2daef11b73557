package dev.scimserverless.core.patch;

import static dev.scimserverless.core.patch.PatchFixtures.ENGINE;
import static dev.scimserverless.core.patch.PatchFixtures.body;
import static dev.scimserverless.core.patch.PatchFixtures.group;
import static dev.scimserverless.core.patch.PatchFixtures.json;
import static dev.scimserverless.core.patch.PatchFixtures.ops;
import static dev.scimserverless.core.patch.PatchFixtures.patchGroup;
import static dev.scimserverless.core.patch.PatchFixtures.patchUser;
import static dev.scimserverless.core.patch.PatchFixtures.subValues;
import static dev.scimserverless.core.patch.PatchFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.resource.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PATCH requests of Okta's SCIM 2.0 provisioning, from Okta's SCIM 2.0 protocol reference. */
class OktaPatchTest {

  @Test
  void deactivateUser() {
    ObjectNode patched =
        ENGINE.apply(
            ResourceType.USER,
            user(),
            ops(
                """
                {
                  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations": [{"op": "replace", "value": {"active": false}}]
                }
                """));
    assertFalse(patched.get("active").booleanValue());
    ObjectNode expected = user();
    expected.put("active", false);
    assertEquals(expected, patched, "nothing else changes");
  }

  @Test
  void reactivateUser() {
    ObjectNode inactive =
        patchUser(user(), "[{\"op\": \"replace\", \"value\": {\"active\": false}}]");
    ObjectNode patched =
        patchUser(inactive, "[{\"op\": \"replace\", \"value\": {\"active\": true}}]");
    assertEquals(user(), patched);
  }

  @Test
  void passwordSyncIsDroppedNotStored() {
    PatchResult result =
        ENGINE.patch(
            ResourceType.USER,
            user(),
            ops(body("[{\"op\": \"replace\", \"value\": {\"password\": \"t1meMa$heen\"}}]")));
    assertEquals(List.of(), result.ignoredAttributes());
    assertFalse(result.document().has("password"));
    assertFalse(result.changed(), "the stored document is unchanged");
  }

  @Test
  void updateUserProfile() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "value": {
               "userName": "barbara.jensen@example.com",
               "name": {"givenName": "Barbara", "familyName": "Jensen-Smith"},
               "emails": [{"primary": true, "value": "barbara.jensen@example.com", "type": "work"}],
               "displayName": "Barbara Jensen-Smith",
               "locale": "en-US",
               "externalId": "00ujl29u0le5T6Aj10h7",
               "groups": [],
               "password": null,
               "active": true}}]
            """);
    assertEquals("barbara.jensen@example.com", patched.get("userName").asText());
    assertEquals("Jensen-Smith", patched.at("/name/familyName").asText());
    assertEquals(
        "Ms. Barbara J Jensen",
        patched.at("/name/formatted").asText(),
        "unspecified sub-attributes stay");
    assertEquals(
        json(
            "[{\"value\": \"barbara.jensen@example.com\", \"type\": \"work\", \"primary\": true}]"),
        patched.get("emails"),
        "replace of a multi-valued attribute replaces all its values");
    assertEquals("en-US", patched.get("locale").asText());
    assertFalse(patched.has("groups"), "readOnly groups is skipped");
  }

  @Test
  void renameGroup() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "replace", "value": {"id": "abf4dd94-a4c0-4f67-89c9-76b03340cb9b", "displayName": "Test SCIMv2"}}]
            """);
    assertEquals("Test SCIMv2", patched.get("displayName").asText());
    assertFalse(patched.has("id"), "id in the value is dropped");
    assertEquals(group().get("members"), patched.get("members"));
  }

  @Test
  void addMembers() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "add", "path": "members", "value": [
               {"value": "23a35c27-23d3-4c03-b4c5-6443c09e7173", "display": "test.user@okta.local"}]}]
            """);
    assertEquals(3, patched.get("members").size());
    assertEquals(
        json("{\"value\": \"23a35c27-23d3-4c03-b4c5-6443c09e7173\"}"),
        patched.get("members").get(2),
        "the readOnly display is not stored");
  }

  @Test
  void removeMembers() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "remove", "path": "members[value eq \\"902c246b-6245-4190-8e05-00816be7344a\\"]"}]
            """);
    assertEquals(
        List.of("2819c223-7f76-453a-919d-413861904646"), subValues(patched, "members", "value"));
  }

  @Test
  void replaceMembers() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "replace", "path": "members", "value": [
               {"value": "89bb1940-b905-4575-9e7f-6f887cfb368e", "display": "test.user@okta.local"},
               {"value": "23a35c27-23d3-4c03-b4c5-6443c09e7173", "display": "test.user2@okta.local"}]}]
            """);
    assertEquals(
        List.of("89bb1940-b905-4575-9e7f-6f887cfb368e", "23a35c27-23d3-4c03-b4c5-6443c09e7173"),
        subValues(patched, "members", "value"));
  }

  @Test
  void replaceMembersWithEmptyListRemovesThem() {
    ObjectNode patched =
        patchGroup(group(), "[{\"op\": \"replace\", \"path\": \"members\", \"value\": []}]");
    assertFalse(patched.has("members"));
    assertTrue(patched.has("displayName"));
  }
}
