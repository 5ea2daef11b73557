package dev.scimserverless.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttributePathParseTest {
  private static final String ENTERPRISE =
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  @Test
  void parsesSimpleSubAndQualifiedPaths() {
    assertEquals(AttributePath.of("userName"), AttributePath.parse("userName"));
    assertEquals(AttributePath.of("name", "givenName"), AttributePath.parse(" name.givenName "));
    assertEquals(AttributePath.of("members", "$ref"), AttributePath.parse("members.$ref"));
    assertEquals(
        new AttributePath(ENTERPRISE, "manager", "value"),
        AttributePath.parse(ENTERPRISE + ":manager.value"));
  }

  @Test
  void toStringRoundTrips() {
    for (String text :
        new String[] {
          "userName", "name.givenName", ENTERPRISE + ":manager.value", "members.$ref"
        }) {
      assertEquals(text, AttributePath.parse(text).toString());
    }
  }

  @Test
  void comparesIgnoringCase() {
    assertTrue(
        AttributePath.parse("NAME.GivenName")
            .equalsIgnoreCase(AttributePath.parse("name.givenName")));
    assertTrue(
        AttributePath.parse(ENTERPRISE.toUpperCase() + ":Manager")
            .equalsIgnoreCase(AttributePath.parse(ENTERPRISE + ":manager")));
    assertFalse(
        AttributePath.parse("name").equalsIgnoreCase(AttributePath.parse("name.givenName")));
    assertFalse(
        AttributePath.parse(ENTERPRISE + ":manager")
            .equalsIgnoreCase(AttributePath.parse("manager")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a.b.c", "a b", "a[", "9a", "a.", ".a", "x:y", "a eq"})
  void rejectsMalformedPathsAsInvalidPath(String text) {
    ScimException e = assertThrows(ScimException.class, () -> AttributePath.parse(text));
    assertEquals(ScimType.invalidPath, e.scimType().orElseThrow());
  }
}
