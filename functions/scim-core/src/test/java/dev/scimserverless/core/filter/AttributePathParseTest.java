package dev.scimserverless.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.schema.AttributePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttributePathParseTest {
  private static final String ENTERPRISE =
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  @Test
  void parsesSimpleSubAndQualifiedPaths() {
    assertEquals(AttributePath.of("userName"), FilterParser.attributePath("userName"));
    assertEquals(
        AttributePath.of("name", "givenName"), FilterParser.attributePath(" name.givenName "));
    assertEquals(AttributePath.of("members", "$ref"), FilterParser.attributePath("members.$ref"));
    assertEquals(
        new AttributePath(ENTERPRISE, "manager", "value"),
        FilterParser.attributePath(ENTERPRISE + ":manager.value"));
  }

  @Test
  void toStringRoundTrips() {
    for (String text :
        new String[] {
          "userName", "name.givenName", ENTERPRISE + ":manager.value", "members.$ref"
        }) {
      assertEquals(text, FilterParser.attributePath(text).toString());
    }
  }

  @Test
  void comparesIgnoringCase() {
    assertTrue(
        FilterParser.attributePath("NAME.GivenName")
            .equalsIgnoreCase(FilterParser.attributePath("name.givenName")));
    assertTrue(
        FilterParser.attributePath(ENTERPRISE.toUpperCase() + ":Manager")
            .equalsIgnoreCase(FilterParser.attributePath(ENTERPRISE + ":manager")));
    assertFalse(
        FilterParser.attributePath("name")
            .equalsIgnoreCase(FilterParser.attributePath("name.givenName")));
    assertFalse(
        FilterParser.attributePath(ENTERPRISE + ":manager")
            .equalsIgnoreCase(FilterParser.attributePath("manager")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a.b.c", "a b", "a[", "9a", "a.", ".a", "x:y", "a eq"})
  void rejectsMalformedPathsAsInvalidPath(String text) {
    ScimException e = assertThrows(ScimException.class, () -> FilterParser.attributePath(text));
    assertEquals(ScimType.invalidPath, e.scimType().orElseThrow());
  }
}
