package dev.scimserverless.core.patch;

import static dev.scimserverless.core.patch.PatchFixtures.ENGINE;
import static dev.scimserverless.core.patch.PatchFixtures.assertFails;
import static dev.scimserverless.core.patch.PatchFixtures.group;
import static dev.scimserverless.core.patch.PatchFixtures.json;
import static dev.scimserverless.core.patch.PatchFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.resource.ResourceType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Operations that cannot be applied: the right error, and nothing applied. */
class PatchErrorsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\": \"replace\", \"path\": \"id\", \"value\": \"other\"}",
        "{\"op\": \"add\", \"path\": \"id\", \"value\": \"other\"}",
        "{\"op\": \"remove\", \"path\": \"id\"}",
        "{\"op\": \"replace\", \"path\": \"meta.lastModified\", \"value\":"
            + " \"2020-01-01T00:00:00Z\"}",
        "{\"op\": \"remove\", \"path\": \"meta\"}",
        "{\"op\": \"add\", \"path\": \"groups\", \"value\": [{\"value\": \"g\"}]}",
        "{\"op\": \"replace\", \"path\": \"urn:ietf:params:scim:schemas:core:2.0:User:id\","
            + " \"value\": \"x\"}"
      })
  void pathToReadOnlyAttributeIsMutability(String operation) {
    assertFails(ScimType.mutability, ResourceType.USER, user(), "[" + operation + "]");
  }

  @Test
  void readOnlySubAttributesAreIgnored() {
    ObjectNode patched =
        ENGINE.apply(
            ResourceType.GROUP,
            group(),
            PatchFixtures.ops(
                PatchFixtures.body(
                    """
                    [{"op": "replace", "path": "members[value eq \\"2819c223-7f76-453a-919d-413861904646\\"].display", "value": "Babs"},
                     {"op": "remove", "path": "members.display"}]
                    """)));
    assertEquals(group(), patched);
  }

  @Test
  void changingAnImmutableValueIsMutability() {
    assertFails(
        ScimType.mutability,
        ResourceType.GROUP,
        group(),
        """
        [{"op": "replace", "path": "members[value eq \\"2819c223-7f76-453a-919d-413861904646\\"].value", "value": "other"}]
        """);
    assertFails(
        ScimType.mutability,
        ResourceType.GROUP,
        group(),
        """
        [{"op": "remove", "path": "members[value eq \\"2819c223-7f76-453a-919d-413861904646\\"].type"}]
        """);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\": \"replace\", \"path\": \"foo\", \"value\": \"x\"}",
        "{\"op\": \"add\", \"path\": \"name.nickname\", \"value\": \"x\"}",
        "{\"op\": \"replace\", \"path\": \"userName.first\", \"value\": \"x\"}",
        "{\"op\": \"remove\", \"path\": \"emails[kind eq \\\"work\\\"]\"}",
        "{\"op\": \"remove\", \"path\": \"emails[type eq \\\"work\\\"].label\"}",
        "{\"op\": \"replace\", \"path\": \"name[givenName eq \\\"Barbara\\\"]\", \"value\": {}}",
        "{\"op\": \"remove\", \"path\": \"emails[primary gt 3]\"}",
        "{\"op\": \"replace\", \"path\":"
            + " \"urn:ietf:params:scim:schemas:extension:other:2.0:User:x\", \"value\": \"x\"}",
        "{\"op\": \"replace\", \"path\":"
            + " \"urn:ietf:params:scim:schemas:core:2.0:Group:displayName\", \"value\": \"x\"}",
        "{\"op\": \"replace\", \"path\": \"employeeNumber\", \"value\": \"1\"}",
        "{\"op\": \"replace\", \"path\":"
            + " \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.name\","
            + " \"value\": \"1\"}",
        "{\"op\": \"replace\", \"path\": \"members\", \"value\": []}"
      })
  void unknownAttributeInPathIsInvalidPath(String operation) {
    assertFails(ScimType.invalidPath, ResourceType.USER, user(), "[" + operation + "]");
  }

  @Test
  void removeWithFilterMatchingNothingIsNoTarget() {
    assertFails(
        ScimType.noTarget,
        ResourceType.USER,
        user(),
        "[{\"op\": \"remove\", \"path\": \"emails[type eq \\\"other\\\"]\"}]");
    assertFails(
        ScimType.noTarget,
        ResourceType.USER,
        PatchFixtures.minimalUser(),
        "[{\"op\": \"remove\", \"path\": \"emails[type eq \\\"work\\\"].value\"}]");
  }

  @Test
  void replaceWithFilterThatCannotBuildAValueIsNoTarget() {
    assertFails(
        ScimType.noTarget,
        ResourceType.USER,
        user(),
        "[{\"op\": \"replace\", \"path\": \"emails[value co \\\"nowhere\\\"].type\", \"value\":"
            + " \"x\"}]");
    assertFails(
        ScimType.noTarget,
        ResourceType.USER,
        user(),
        "[{\"op\": \"add\", \"path\": \"emails[type eq \\\"a\\\" or type eq \\\"b\\\"].value\","
            + " \"value\": \"x\"}]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\": \"replace\", \"path\": \"active\", \"value\": \"maybe\"}",
        "{\"op\": \"replace\", \"path\": \"active\", \"value\": {\"value\": true}}",
        "{\"op\": \"replace\", \"path\": \"name\", \"value\": \"Barbara\"}",
        "{\"op\": \"replace\", \"path\": \"userName\", \"value\": [\"a\", \"b\"]}",
        "{\"op\": \"add\", \"path\": \"emails\", \"value\": \"x@example.com\"}",
        "{\"op\": \"replace\", \"path\": \"emails[type eq \\\"work\\\"]\", \"value\": [{\"value\":"
            + " \"a\"}, {\"value\": \"b\"}]}",
        "{\"op\": \"replace\", \"value\": \"x\"}",
        "{\"op\": \"add\", \"value\": [{\"active\": true}]}",
        "{\"op\": \"replace\", \"value\": {\"name\": 3}}",
        "{\"op\": \"replace\", \"path\":"
            + " \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\", \"value\": \"x\"}",
        "{\"op\": \"remove\", \"path\": \"userName\"}",
        "{\"op\": \"replace\", \"path\": \"userName\", \"value\": \"\"}"
      })
  void valueOfWrongShapeIsInvalidValue(String operation) {
    assertFails(ScimType.invalidValue, ResourceType.USER, user(), "[" + operation + "]");
  }

  @Test
  void requiredGroupDisplayNameCannotBeRemoved() {
    assertFails(
        ScimType.invalidValue,
        ResourceType.GROUP,
        group(),
        "[{\"op\": \"remove\", \"path\": \"displayName\"}]");
  }

  @Test
  void allOrNothing() {
    ObjectNode document = user();
    ObjectNode copy = document.deepCopy();
    List<PatchOperation> ops =
        List.of(
            PatchOperation.replace("displayName", json("\"Changed\"")),
            PatchOperation.remove("emails"),
            PatchOperation.replace("id", json("\"other\"")));
    ScimException e =
        assertThrows(ScimException.class, () -> ENGINE.apply(ResourceType.USER, document, ops));
    assertEquals(ScimType.mutability, e.scimType().orElseThrow());
    assertTrue(e.detail().startsWith("Operations[3] (replace id): "), e.detail());
    assertEquals(copy, document, "the input is unchanged");
    // and the same operations without the failing one do change it
    ObjectNode applied = ENGINE.apply(ResourceType.USER, document, ops.subList(0, 2));
    assertEquals("Changed", applied.get("displayName").asText());
    assertEquals(copy, document, "the input is never modified, also on success");
  }

  @Test
  void operationsCannotBeBuiltInvalid() {
    ScimException noPath =
        assertThrows(
            ScimException.class,
            () -> new PatchOperation(PatchOperation.Op.REMOVE, Optional.empty(), null));
    assertEquals(ScimType.noTarget, noPath.scimType().orElseThrow());
    ScimException noValue =
        assertThrows(ScimException.class, () -> PatchOperation.replace("title", null));
    assertEquals(ScimType.invalidValue, noValue.scimType().orElseThrow());
  }
}
