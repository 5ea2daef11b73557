package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.auth.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The admin token the local endpoint generates when {@code --admin-token} is absent is an {@code
 * adm_…} token, never one that looks like a SCIM token an admin could paste into an IdP.
 */
class LocalAdminTokenTest {
  @Test
  void theGeneratedAdminTokenIsNotShapedLikeAScimToken() {
    String first = LocalEndpoint.Settings.defaults().adminToken();
    String second = LocalEndpoint.Settings.defaults().adminToken();
    assertTrue(first.startsWith("adm_"), first);
    assertTrue(!first.startsWith(Tokens.PREFIX), first);
    assertTrue(first.length() >= 40, "256 random bits: " + first);
    assertNotEquals(first, second);
  }
}
