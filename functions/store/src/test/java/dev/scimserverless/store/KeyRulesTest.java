package dev.scimserverless.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoredResource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KeyRulesTest {

  @Property
  void keyOrderIsUtf8ByteOrder(@ForAll String a, @ForAll String b) {
    int expected =
        Integer.signum(
            Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    // lone surrogates are not valid UTF-8 and cannot be DynamoDB keys; skip them
    if (valid(a) && valid(b)) {
      assertEquals(expected, Integer.signum(KeyRules.KEY_ORDER.compare(a, b)));
    }
  }

  @Test
  void keyOrderDiffersFromStringOrderForSupplementaryCharacters() {
    String replacement = "\uFFFD";
    String emoji = "\uD83D\uDE00";
    assertEquals(-1, Integer.signum(KeyRules.KEY_ORDER.compare(replacement, emoji)));
    assertEquals(1, Integer.signum(replacement.compareTo(emoji)));
  }

  @Test
  void tenantIdsAreNonEmptyShortAndWithoutSeparator() {
    assertDoesNotThrow(() -> KeyRules.tenant("org-1"));
    assertThrows(IllegalArgumentException.class, () -> KeyRules.tenant(""));
    assertThrows(IllegalArgumentException.class, () -> KeyRules.tenant(null));
    assertThrows(IllegalArgumentException.class, () -> KeyRules.tenant("a#b"));
    assertThrows(IllegalArgumentException.class, () -> KeyRules.tenant("x".repeat(129)));
  }

  @Test
  void keysOfAResourceAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> KeyRules.resource(resource("", Map.of())));
    assertThrows(
        IllegalArgumentException.class,
        () -> KeyRules.resource(resource("u", Map.of("userName", ""))));
    assertThrows(
        IllegalArgumentException.class,
        () -> KeyRules.resource(resource("u", Map.of("user#Name", "x"))));
    assertThrows(
        IllegalArgumentException.class,
        () -> KeyRules.resource(resource("u", Map.of("userName", "é".repeat(513)))));
    assertDoesNotThrow(() -> KeyRules.resource(resource("u", Map.of("userName", "é".repeat(512)))));
    assertThrows(IllegalArgumentException.class, () -> KeyRules.limit(-1));
  }

  private static StoredResource resource(String id, Map<String, String> unique) {
    return new StoredResource(
        ResourceType.USER, id, "{}", 1, Instant.EPOCH, Instant.EPOCH, unique, Map.of());
  }

  private static boolean valid(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
