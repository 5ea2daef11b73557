package dev.scimserverless.core.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.ResourceReader;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import java.util.List;

/** Shared documents and helpers of the PATCH tests. */
final class PatchFixtures {
  static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  static final PatchEngine ENGINE = PatchEngine.standard();
  private static final ResourceReader READER = ResourceReader.standard();

  private PatchFixtures() {}

  /** A stored User (RFC 7643 §8.2 trimmed), with the enterprise extension. */
  static ObjectNode user() {
    return stored(
        ResourceType.USER,
        """
        {
          "schemas": ["%s", "%s"],
          "externalId": "701984",
          "userName": "bjensen@example.com",
          "name": {"givenName": "Barbara", "familyName": "Jensen", "formatted": "Ms. Barbara J Jensen"},
          "displayName": "Babs Jensen",
          "nickName": "Babs",
          "active": true,
          "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
          ],
          "addresses": [
            {"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood",
             "region": "CA", "postalCode": "91608", "country": "USA", "primary": true},
            {"type": "home", "streetAddress": "456 Hollywood Blvd", "locality": "Hollywood"}
          ],
          "phoneNumbers": [{"value": "555-555-5555", "type": "work"}],
          "%s": {
            "employeeNumber": "701984",
            "department": "Tour Operations",
            "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d"}
          }
        }
        """
            .formatted(CORE_USER, ENTERPRISE, ENTERPRISE));
  }

  /** A stored User with only a userName (as Entra ID creates one before patching it). */
  static ObjectNode minimalUser() {
    return stored(
        ResourceType.USER,
        """
        {"schemas": ["%s"], "userName": "Test_User_00aa00aa@contoso.com", "active": true}
        """
            .formatted(CORE_USER));
  }

  /** A stored Group with two members. */
  static ObjectNode group() {
    return stored(
        ResourceType.GROUP,
        """
        {
          "schemas": ["%s"],
          "displayName": "Tour Guides",
          "members": [
            {"value": "2819c223-7f76-453a-919d-413861904646", "type": "User"},
            {"value": "902c246b-6245-4190-8e05-00816be7344a", "type": "User"}
          ]
        }
        """
            .formatted(CORE_GROUP));
  }

  static ObjectNode stored(ResourceType type, String json) {
    return READER.read(type, Json.parseObject(json)).document();
  }

  static JsonNode json(String text) {
    return Json.parse(text);
  }

  /** The operations of a PATCH body. */
  static List<PatchOperation> ops(String body) {
    return PatchRequest.parse(Json.parseObject(body));
  }

  /** A PATCH body with the PatchOp schema around the given operations (JSON array text). */
  static String body(String operations) {
    return """
    {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": %s}
    """
        .formatted(operations);
  }

  static ObjectNode patch(ResourceType type, ObjectNode document, String operations) {
    return ENGINE.apply(type, document, ops(body(operations)));
  }

  static ObjectNode patchUser(ObjectNode document, String operations) {
    return patch(ResourceType.USER, document, operations);
  }

  static ObjectNode patchGroup(ObjectNode document, String operations) {
    return patch(ResourceType.GROUP, document, operations);
  }

  /** Asserts that the operations fail with the scimType and leave the document as it was. */
  static ScimException assertFails(
      ScimType expected, ResourceType type, ObjectNode document, String operations) {
    ObjectNode copy = document.deepCopy();
    ScimException e = assertThrows(ScimException.class, () -> patch(type, document, operations));
    assertEquals(400, e.status(), e.detail());
    assertEquals(expected, e.scimType().orElse(null), e.detail());
    assertEquals(copy, document, "the input document is never modified");
    return e;
  }

  /** The values of a multi-valued attribute's sub-attribute, in order. */
  static List<String> subValues(JsonNode document, String attribute, String sub) {
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode element : document.path(attribute)) {
      out.add(element.path(sub).asText(null));
    }
    return out;
  }

  /** The value of {@code attribute} whose {@code type} is {@code type}, or a missing node. */
  static JsonNode ofType(JsonNode document, String attribute, String type) {
    for (JsonNode element : document.path(attribute)) {
      if (type.equals(element.path("type").asText())) {
        return element;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
