package dev.scimserverless.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.error.ScimException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ETagsTest {
  @Test
  void weakComparisonOfListsAndStar() {
    assertTrue(ETags.matches("W/\"3\"", 3));
    assertTrue(ETags.matches("\"3\"", 3));
    assertTrue(ETags.matches("W/\"1\", W/\"3\"", 3));
    assertTrue(ETags.matches("*", 99));
    assertFalse(ETags.matches("W/\"2\"", 3));
    assertFalse(ETags.matches("W/\"33\"", 3));
  }

  @Test
  void staleIfMatchIs412() {
    ETags.checkIfMatch(Optional.empty(), 5);
    ETags.checkIfMatch(Optional.of("W/\"5\""), 5);
    ScimException e =
        assertThrows(ScimException.class, () -> ETags.checkIfMatch(Optional.of("W/\"4\""), 5));
    assertEquals(412, e.status());
  }
}
