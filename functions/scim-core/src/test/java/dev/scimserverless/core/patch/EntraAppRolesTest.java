package dev.scimserverless.core.patch;

import static dev.scimserverless.core.patch.PatchFixtures.json;
import static dev.scimserverless.core.patch.PatchFixtures.minimalUser;
import static dev.scimserverless.core.patch.PatchFixtures.patchUser;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.ResourceReader;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * Entra ID's app-role assignments ({@code SingleAppRoleAssignment} mapped to {@code roles[primary
 * eq "True"].value}, {@code AppRoleAssignmentsComplex} mapped to {@code roles}), stored as proper
 * role values.
 */
class EntraAppRolesTest {
  private static final String ROLE_JSON =
      "{\\\"id\\\":\\\"06b07648-ecfe-589f-9d2f-6325724a46ee\\\",\\\"value\\\":\\\"Admin\\\","
          + "\\\"displayName\\\":\\\"Admin\\\"}";

  @Test
  void singleAppRoleAssignmentReplaceCreatesThePrimaryRole() {
    ObjectNode patched =
        patchUser(
            minimalUser(),
            """
            [{"op": "Add", "path": "roles[primary eq \\"True\\"].value", "value": "Admin"}]
            """);
    assertEquals(json("[{\"value\": \"Admin\", \"primary\": true}]"), patched.get("roles"));
    patched =
        patchUser(
            patched,
            """
            [{"op": "Replace", "path": "roles[primary eq \\"True\\"].value", "value": "Reader"}]
            """);
    assertEquals(json("[{\"value\": \"Reader\", \"primary\": true}]"), patched.get("roles"));
  }

  @Test
  void appRoleAssignmentsComplexPatchAddsRoleValuesFromTheirJsonText() {
    ObjectNode patched =
        patchUser(
            minimalUser(),
            """
            [{"op": "add", "path": "roles", "value": [{"value": "%s"}]}]
            """
                .formatted(ROLE_JSON));
    assertEquals(json("[{\"value\": \"Admin\", \"display\": \"Admin\"}]"), patched.get("roles"));
  }

  @Test
  void createWithRoleJsonTextStoresTheRoleValue() {
    ObjectNode input =
        (ObjectNode)
            Json.parse(
                """
                {"userName": "a@b.c", "roles": [{"primary": "True",
                  "type": "WindowsAzureActiveDirectoryRole", "value": "%s"}]}
                """
                    .formatted(ROLE_JSON));
    ObjectNode doc = ResourceReader.standard().read(ResourceType.USER, input).document();
    assertEquals(
        json(
            "[{\"value\": \"Admin\", \"display\": \"Admin\","
                + " \"type\": \"WindowsAzureActiveDirectoryRole\", \"primary\": true}]"),
        doc.get("roles"));
  }
}
