package dev.scimserverless.core.patch;

import static dev.scimserverless.core.patch.PatchFixtures.ENGINE;
import static dev.scimserverless.core.patch.PatchFixtures.ENTERPRISE;
import static dev.scimserverless.core.patch.PatchFixtures.body;
import static dev.scimserverless.core.patch.PatchFixtures.group;
import static dev.scimserverless.core.patch.PatchFixtures.json;
import static dev.scimserverless.core.patch.PatchFixtures.minimalUser;
import static dev.scimserverless.core.patch.PatchFixtures.ofType;
import static dev.scimserverless.core.patch.PatchFixtures.ops;
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

/** Paths, names, coercion and the result of the engine beyond the IdP and RFC examples. */
class PatchEngineTest {

  @Test
  void namesInPathsAreCaseInsensitiveAndBecomeCanonical() {
    ObjectNode patched =
        patchUser(
            minimalUser(),
            """
            [{"op": "add", "path": "NAME.GIVENNAME", "value": "Jane"},
             {"op": "add", "path": "Emails[TYPE eq \\"work\\"].VALUE", "value": "jane@example.com"},
             {"op": "add", "path": "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:EMPLOYEENUMBER", "value": 42}]
            """);
    assertEquals("Jane", patched.at("/name/givenName").asText());
    assertEquals(
        json("[{\"value\": \"jane@example.com\", \"type\": \"work\"}]"), patched.get("emails"));
    assertEquals(
        json("{\"employeeNumber\": \"42\"}"), patched.get(ENTERPRISE), "number coerced to string");
  }

  @Test
  void coreUrnQualifiedPaths() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:userName", "value": "babs"},
             {"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", "value": "B"}]
            """);
    assertEquals("babs", patched.get("userName").asText());
    assertEquals("B", patched.at("/name/givenName").asText());
  }

  @Test
  void wholeExtensionPath() {
    ObjectNode patched =
        patchUser(
            minimalUser(),
            """
            [{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
              "value": {"employeeNumber": "7", "Manager": "m1", "unknown": "x"}}]
            """);
    assertEquals(
        json("{\"employeeNumber\": \"7\", \"manager\": {\"value\": \"m1\"}}"),
        patched.get(ENTERPRISE));
    assertTrue(patched.get("schemas").toString().contains(ENTERPRISE));

    ObjectNode replaced =
        patchUser(
            patched,
            """
            [{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
              "value": {"department": "D"}}]
            """);
    assertEquals(
        json(
            "{\"employeeNumber\": \"7\", \"department\": \"D\", \"manager\": {\"value\": \"m1\"}}"),
        replaced.get(ENTERPRISE),
        "attributes not given are kept");

    ObjectNode removed =
        patchUser(
            replaced,
            "[{\"op\": \"remove\", \"path\":"
                + " \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"}]");
    assertEquals(minimalUser(), removed);
  }

  @Test
  void extensionObjectAsNoPathKey() {
    ObjectNode patched =
        patchUser(
            minimalUser(),
            """
            [{"op": "replace", "value": {
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"costCenter": "4130"}}}]
            """);
    assertEquals(json("{\"costCenter\": \"4130\"}"), patched.get(ENTERPRISE));
    assertEquals(
        json("[\"urn:ietf:params:scim:schemas:core:2.0:User\", \"" + ENTERPRISE + "\"]"),
        patched.get("schemas"));
  }

  @Test
  void removingTheLastExtensionAttributeRemovesTheExtension() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"},
             {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"},
             {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"},
             {"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.$ref"}]
            """);
    assertFalse(patched.has(ENTERPRISE));
    assertEquals(json("[\"urn:ietf:params:scim:schemas:core:2.0:User\"]"), patched.get("schemas"));
  }

  @Test
  void numbersAndBooleansAreCoercedByType() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "path": "emails[type eq \\"home\\"].primary", "value": "TRUE"},
             {"op": "replace", "path": "title", "value": 7},
             {"op": "replace", "path": "active", "value": "false"}]
            """);
    assertTrue(ofType(patched, "emails", "home").get("primary").isBoolean());
    assertEquals(json("\"7\""), patched.get("title"));
    assertEquals(json("false"), patched.get("active"));
  }

  @Test
  void nullsInsideValuesAreIgnored() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "value": {"nickName": null, "name": {"givenName": null, "middleName": "J"}}}]
            """);
    assertEquals("Babs", patched.get("nickName").asText());
    assertEquals("Barbara", patched.at("/name/givenName").asText());
    assertEquals("J", patched.at("/name/middleName").asText());
  }

  @Test
  void subAttributeOfMultiValuedAttributeWithoutFilterAppliesToEveryValue() {
    ObjectNode patched =
        patchUser(
            user(), "[{\"op\": \"replace\", \"path\": \"emails.display\", \"value\": \"Babs\"}]");
    assertEquals(List.of("Babs", "Babs"), subValues(patched, "emails", "display"));
    ObjectNode removed = patchUser(patched, "[{\"op\": \"remove\", \"path\": \"emails.display\"}]");
    assertEquals(user(), removed);
  }

  @Test
  void managerValueChangeDropsTheOldReference() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "value": "new-id"}]
            """);
    assertEquals(json("{\"value\": \"new-id\"}"), patched.at("/" + ENTERPRISE + "/manager"));
    ObjectNode same =
        patchUser(
            user(),
            """
            [{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
              "value": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}}]
            """);
    assertEquals(user(), same, "the same manager keeps its $ref");
  }

  @Test
  void filterMatchingSeveralValuesChangesAll() {
    ObjectNode patched =
        patchUser(
            user(),
            "[{\"op\": \"replace\", \"path\": \"addresses[locality eq \\\"hollywood\\\"].country\","
                + " \"value\": \"US\"}]");
    assertEquals(List.of("US", "US"), subValues(patched, "addresses", "country"));
  }

  @Test
  void createdValueMergesFilterAndValue() {
    ObjectNode patched =
        patchUser(
            user(),
            """
            [{"op": "add", "path": "emails[type eq \\"other\\" and primary eq true]",
              "value": {"value": "o@example.com", "display": "Other"}}]
            """);
    assertEquals(
        json(
            "{\"value\": \"o@example.com\", \"display\": \"Other\", \"type\": \"other\","
                + " \"primary\": true}"),
        ofType(patched, "emails", "other"));
    assertFalse(ofType(patched, "emails", "work").get("primary").booleanValue(), "primary moved");
  }

  @Test
  void resultReportsChangeAndIgnoredAttributes() {
    PatchResult result =
        ENGINE.patch(
            ResourceType.USER,
            user(),
            ops(
                body(
                    """
                    [{"op": "replace", "value": {"nickName": "B", "shoeSize": 42, "name.nope": "x",
                      "name": {"givenName": "Barbara", "suffix": "x"},
                      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1", "meta": {}}}]
                    """)));
    assertTrue(result.changed());
    assertEquals("B", result.document().get("nickName").asText());
    assertEquals(List.of("shoeSize", "name.nope", "name.suffix"), result.ignoredAttributes());

    PatchResult unchanged =
        ENGINE.patch(
            ResourceType.USER,
            user(),
            ops(body("[{\"op\": \"replace\", \"path\": \"nickName\", \"value\": \"Babs\"}]")));
    assertFalse(unchanged.changed());
    assertFalse(PatchEngine.changes(user(), unchanged.document()));
  }

  @Test
  void applyingToAGroupUsesTheGroupSchema() {
    ObjectNode patched =
        PatchFixtures.patchGroup(
            group(),
            """
            [{"op": "add", "path": "members", "value": {"value": "single", "type": "Group"}},
             {"op": "add", "path": "externalId", "value": "ext-1"}]
            """);
    assertEquals(3, patched.get("members").size(), "a single value is taken as a list of one");
    assertEquals(
        json("{\"value\": \"single\", \"type\": \"Group\"}"), patched.get("members").get(2));
    assertEquals("ext-1", patched.get("externalId").asText());
  }

  @Test
  void storedDocumentIsReadCaseInsensitively() {
    ObjectNode sloppy =
        (ObjectNode)
            json(
                """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "USERNAME": "u",
                 "Emails": [{"Value": "a@example.com", "Type": "work"}]}
                """);
    ObjectNode patched =
        patchUser(
            sloppy,
            "[{\"op\": \"replace\", \"path\": \"emails[type eq \\\"work\\\"].value\", \"value\":"
                + " \"b@example.com\"}]");
    assertEquals(
        json(
            """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "u",
             "emails": [{"value": "b@example.com", "type": "work"}]}
            """),
        patched);
  }

  @Test
  void noOperationsLeaveTheDocument() {
    JsonNode patched = ENGINE.apply(ResourceType.USER, user(), List.of());
    assertEquals(user(), patched);
  }
}
