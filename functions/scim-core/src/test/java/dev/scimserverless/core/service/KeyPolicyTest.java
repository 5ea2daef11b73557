package dev.scimserverless.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {
  @Test
  void userNameIsUniqueCaseInsensitivelyAndExternalIdIsALookup() {
    KeyPolicy users = new KeyPolicy(ResourceType.USER);
    var doc = Json.object().put("userName", "BJensen@Example.com").put("externalId", "Ext-1");
    assertEquals(Map.of("userName", "bjensen@example.com"), users.uniqueKeys(doc));
    assertEquals(Map.of("externalId", "Ext-1"), users.lookupKeys(doc));
    assertTrue(users.lookupKeys(Json.object().put("externalId", "")).isEmpty());
  }

  @Test
  void groupDisplayNameIsUniqueAndAtMost100Characters() {
    KeyPolicy groups = new KeyPolicy(ResourceType.GROUP);
    assertEquals(
        Map.of("displayName", "admins"),
        groups.uniqueKeys(Json.object().put("displayName", "Admins")));
    String ok = "g".repeat(100);
    assertEquals(ok, groups.uniqueKeys(Json.object().put("displayName", ok)).get("displayName"));
    ScimException e =
        assertThrows(
            ScimException.class,
            () -> groups.uniqueKeys(Json.object().put("displayName", ok + "x")));
    assertEquals(400, e.status());
    assertEquals("invalidValue", e.scimType().orElseThrow().name());
  }

  @Test
  void overlongUserNameIsInvalidValue() {
    KeyPolicy users = new KeyPolicy(ResourceType.USER);
    assertThrows(
        ScimException.class,
        () -> users.uniqueKeys(Json.object().put("userName", "u".repeat(257))));
  }
}
