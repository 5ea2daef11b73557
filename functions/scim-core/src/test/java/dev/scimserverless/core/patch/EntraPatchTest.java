package dev.scimserverless.core.patch;

import static dev.scimserverless.core.patch.PatchFixtures.ENGINE;
import static dev.scimserverless.core.patch.PatchFixtures.ENTERPRISE;
import static dev.scimserverless.core.patch.PatchFixtures.body;
import static dev.scimserverless.core.patch.PatchFixtures.group;
import static dev.scimserverless.core.patch.PatchFixtures.json;
import static dev.scimserverless.core.patch.PatchFixtures.minimalUser;
import static dev.scimserverless.core.patch.PatchFixtures.ofType;
import static dev.scimserverless.core.patch.PatchFixtures.ops;
import static dev.scimserverless.core.patch.PatchFixtures.patchGroup;
import static dev.scimserverless.core.patch.PatchFixtures.patchUser;
import static dev.scimserverless.core.patch.PatchFixtures.subValues;
import static dev.scimserverless.core.patch.PatchFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.resource.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PATCH requests Microsoft Entra ID sends, from Microsoft's "Tutorial: Develop and plan
 * provisioning for a SCIM endpoint" and "Known issues and resolutions with SCIM 2.0 protocol
 * compliance" (including the {@code aadOptscim062020} forms).
 */
class EntraPatchTest {
  private static final String MEMBER = "f648f8d5ea4e4cd38e9c";

  @Test
  void updateUserMultiValuedProperties() {
    ObjectNode patched =
        ENGINE.apply(
            ResourceType.USER,
            user(),
            ops(
                """
                {
                  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations": [
                    {"op": "Replace", "path": "emails[type eq \\"work\\"].value",
                     "value": "updatedEmail@microsoft.com"},
                    {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"}
                  ]
                }
                """));
    assertEquals(
        "updatedEmail@microsoft.com", ofType(patched, "emails", "work").path("value").asText());
    assertTrue(ofType(patched, "emails", "work").path("primary").asBoolean(), "primary is kept");
    assertEquals("babs@jensen.org", ofType(patched, "emails", "home").path("value").asText());
    assertEquals("updatedFamilyName", patched.at("/name/familyName").asText());
    assertEquals("Barbara", patched.at("/name/givenName").asText(), "other sub-attributes stay");
  }

  @Test
  void replacingTheWorkEmailOfAUserWithoutOneCreatesIt() {
    ObjectNode patched =
        patchUser(
            minimalUser(),
            """
            [{"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "jdoe@contoso.com"}]
            """);
    assertEquals(
        json("[{\"value\": \"jdoe@contoso.com\", \"type\": \"work\"}]"), patched.get("emails"));
  }

  @Test
  void addingTheWorkEmailOfAUserWithoutOneCreatesIt() {
    ObjectNode patched =
        patchUser(
            minimalUser(),
            """
            [{"op": "Add", "path": "emails[type eq \\"work\\"].value", "value": "jdoe@contoso.com"},
             {"op": "Add", "path": "phoneNumbers[type eq \\"mobile\\"].value", "value": "+1 555 0100"},
             {"op": "Add", "path": "addresses[type eq \\"work\\"].streetAddress", "value": "1 Microsoft Way"}]
            """);
    assertEquals("jdoe@contoso.com", ofType(patched, "emails", "work").path("value").asText());
    assertEquals("+1 555 0100", ofType(patched, "phoneNumbers", "mobile").path("value").asText());
    assertEquals(
        "1 Microsoft Way", ofType(patched, "addresses", "work").path("streetAddress").asText());
  }

  @Test
  void updateUserSingleValuedProperties() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "Replace", "path": "userName",
              "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}]
            """);
    assertEquals(
        "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com", patched.get("userName").asText());
  }

  @Test
  void disableUser() {
    ObjectNode patched =
        ENGINE.apply(
            ResourceType.USER,
            user(),
            ops(
                """
                {
                  "Operations": [{"op": "Replace", "path": "active", "value": false}],
                  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]
                }
                """));
    assertFalse(patched.get("active").booleanValue());
  }

  @Test
  void booleansSentAsStringsAreCoerced() {
    ObjectNode patched =
        patchUser(user(), "[{\"op\": \"Replace\", \"path\": \"active\", \"value\": \"False\"}]");
    assertTrue(patched.get("active").isBoolean());
    assertFalse(patched.get("active").booleanValue());
    patched =
        patchUser(patched, "[{\"op\": \"Replace\", \"path\": \"active\", \"value\": \"True\"}]");
    assertTrue(patched.get("active").booleanValue());
  }

  @Test
  void addAttributeThatHadNoValue() {
    ObjectNode before =
        patchUser(
            minimalUser(), "[{\"op\": \"Add\", \"path\": \"nickName\", \"value\": \"Babs\"}]");
    ObjectNode after =
        patchUser(minimalUser(), "[{\"op\": \"add\", \"value\": {\"nickName\": \"Babs\"}}]");
    assertEquals("Babs", before.get("nickName").asText());
    assertEquals(before, after, "with and without aadOptscim062020");
  }

  @Test
  void emptyStringClearsASingleValue() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "Replace", "path": "nickName", "value": ""},
             {"op": "Replace", "path": "name.formatted", "value": ""},
             {"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": ""}]
            """);
    assertFalse(patched.has("nickName"));
    assertFalse(patched.get("name").has("formatted"));
    assertEquals("Barbara", patched.at("/name/givenName").asText());
    assertFalse(patched.get(ENTERPRISE).has("department"));
  }

  @Test
  void replaceMultipleAttributesWithoutPathUsesPathsAsKeys() {
    // aadOptscim062020: one no-path replace with flattened keys
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace",
              "value": {
                "displayName": "Pvlo",
                "emails[type eq \\"work\\"].value": "TestBcwqnm@test.microsoft.com",
                "name.givenName": "Gtfd",
                "name.familyName": "Pkqf",
                "externalId": "Eqpj",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Eqpj",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "X",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": "9f6d1f1c-1f4e-4a4a-9a2c-1f2b3c4d5e6f"
              }}]
            """);
    ObjectNode separate =
        patchUser(
            user(),
            """
            [{"op": "replace", "path": "displayName", "value": "Pvlo"},
             {"op": "replace", "path": "emails[type eq \\"work\\"].value", "value": "TestBcwqnm@test.microsoft.com"},
             {"op": "replace", "path": "name.givenName", "value": "Gtfd"},
             {"op": "replace", "path": "name.familyName", "value": "Pkqf"},
             {"op": "replace", "path": "externalId", "value": "Eqpj"},
             {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "value": "Eqpj"},
             {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "X"},
             {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "9f6d1f1c-1f4e-4a4a-9a2c-1f2b3c4d5e6f"}]
            """);
    assertEquals(separate, patched);
    assertEquals("Pvlo", patched.get("displayName").asText());
    assertEquals(
        "TestBcwqnm@test.microsoft.com", ofType(patched, "emails", "work").path("value").asText());
    assertEquals("Gtfd", patched.at("/name/givenName").asText());
    assertEquals("Pkqf", patched.at("/name/familyName").asText());
    assertEquals("Eqpj", patched.get("externalId").asText());
    JsonNode enterprise = patched.get(ENTERPRISE);
    assertEquals("Eqpj", enterprise.get("employeeNumber").asText());
    assertEquals("X", enterprise.get("department").asText());
    assertEquals(
        json("{\"value\": \"9f6d1f1c-1f4e-4a4a-9a2c-1f2b3c4d5e6f\"}"),
        enterprise.get("manager"),
        "a new manager id replaces the whole reference (the old $ref went with it)");
  }

  @Test
  void disableUserWithoutPath() {
    ObjectNode patched =
        patchUser(user(), "[{\"op\": \"replace\", \"value\": {\"active\": false}}]");
    assertFalse(patched.get("active").booleanValue());
  }

  @Test
  void managerAsBareStringAddsTheExtension() {
    ObjectNode patched =
        patchUser(
            minimalUser(),
            """
            [{"op": "Add",
              "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
              "value": "2819c223-7f76-453a-919d-413861904646"}]
            """);
    assertEquals(
        json("{\"manager\": {\"value\": \"2819c223-7f76-453a-919d-413861904646\"}}"),
        patched.get(ENTERPRISE));
    assertTrue(schemas(patched).contains(ENTERPRISE));

    ObjectNode removed =
        patchUser(
            patched,
            """
            [{"op": "Remove",
              "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}]
            """);
    assertFalse(removed.has(ENTERPRISE), "the empty extension goes");
    assertFalse(schemas(removed).contains(ENTERPRISE), "and its URN");
  }

  @Test
  void managerAsObject() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "Replace",
              "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
              "value": {"value": "2819c223-7f76-453a-919d-413861904646", "displayName": "ignored"}}]
            """);
    assertEquals(
        json("{\"value\": \"2819c223-7f76-453a-919d-413861904646\"}"),
        patched.at("/" + ENTERPRISE + "/manager"),
        "displayName is readOnly and dropped");
  }

  @Test
  void updateGroupNonMemberAttributes() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "Replace", "path": "displayName",
              "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]
            """);
    assertEquals(
        "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName",
        patched.get("displayName").asText());
    assertEquals(group().get("members"), patched.get("members"));
  }

  @Test
  void addMembers() {
    String add =
        """
        [{"op": "Add", "path": "members", "value": [{"$ref": null, "value": "%s"}]}]
        """
            .formatted(MEMBER);
    ObjectNode patched = patchGroup(group(), add);
    assertEquals(
        List.of(
            "2819c223-7f76-453a-919d-413861904646", "902c246b-6245-4190-8e05-00816be7344a", MEMBER),
        subValues(patched, "members", "value"));
    assertEquals(
        json("{\"value\": \"" + MEMBER + "\"}"),
        patched.get("members").get(2),
        "$ref null dropped");
    assertEquals(patched, patchGroup(patched, add), "adding a member again changes nothing");
  }

  @Test
  void removeMembersByValue() {
    ObjectNode withMember =
        patchGroup(
            group(),
            "[{\"op\": \"Add\", \"path\": \"members\", \"value\": [{\"value\": \""
                + MEMBER
                + "\"}]}]");
    ObjectNode patched =
        patchGroup(
            withMember,
            """
            [{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "%s"}]}]
            """
                .formatted(MEMBER));
    assertEquals(group(), patched);
  }

  @Test
  void removeMembersWithValueListRemovesOnlyThose() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "Remove", "path": "members",
              "value": [{"value": "2819c223-7f76-453a-919d-413861904646"}, {"value": "not-a-member"}]}]
            """);
    assertEquals(
        List.of("902c246b-6245-4190-8e05-00816be7344a"), subValues(patched, "members", "value"));
  }

  @Test
  void removeMemberWithFilter() {
    // aadOptscim062020
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "remove", "path": "members[value eq \\"2819c223-7f76-453a-919d-413861904646\\"]"}]
            """);
    assertEquals(
        List.of("902c246b-6245-4190-8e05-00816be7344a"), subValues(patched, "members", "value"));
  }

  @Test
  void removingANonMemberSucceedsWithoutChange() {
    PatchResult result =
        ENGINE.patch(
            ResourceType.GROUP,
            group(),
            ops(body("[{\"op\": \"remove\", \"path\": \"members[value eq \\\"nobody\\\"]\"}]")));
    assertEquals(group(), result.document());
    assertFalse(result.changed());
  }

  @Test
  void removingTheLastMemberLeavesNoMembersAttribute() {
    ObjectNode patched =
        patchGroup(
            group(),
            """
            [{"op": "Remove", "path": "members", "value": [
               {"value": "2819c223-7f76-453a-919d-413861904646"},
               {"value": "902c246b-6245-4190-8e05-00816be7344a"}]}]
            """);
    assertFalse(patched.has("members"));
    assertEquals("Tour Guides", patched.get("displayName").asText());
  }

  @Test
  void appRoleAssignmentsWithStringPrimary() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "Add", "path": "roles", "value": [
               {"primary": "False", "type": "WindowsAzureActiveDirectoryRole", "value": "Reader"},
               {"primary": "True", "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"}]}]
            """);
    assertEquals(
        json(
            """
            [{"value": "Reader", "type": "WindowsAzureActiveDirectoryRole", "primary": false},
             {"value": "Admin", "type": "WindowsAzureActiveDirectoryRole", "primary": true}]
            """),
        patched.get("roles"));
  }

  @Test
  void capitalisedAndUpperCaseOperations() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "REPLACE", "path": "displayName", "value": "A"},
             {"op": "Remove", "path": "nickName"},
             {"op": "ADD", "path": "title", "value": "Tour Guide"}]
            """);
    assertEquals("A", patched.get("displayName").asText());
    assertFalse(patched.has("nickName"));
    assertEquals("Tour Guide", patched.get("title").asText());
  }

  private static List<String> schemas(JsonNode document) {
    List<String> out = new java.util.ArrayList<>();
    document.get("schemas").forEach(s -> out.add(s.asText()));
    return out;
  }
}
