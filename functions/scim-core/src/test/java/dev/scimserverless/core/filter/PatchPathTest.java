package dev.scimserverless.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.schema.AttributePath;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatchPathTest {
  private static final String ENTERPRISE =
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  private static Filter.Comparison eq(String path, String value) {
    return new Filter.Comparison(
        FilterParser.attributePath(path), CompareOp.EQ, TextNode.valueOf(value));
  }

  @Test
  void parsesPlainAttributePaths() {
    assertEquals(PatchPath.of(AttributePath.of("members")), PatchPath.parse("members"));
    PatchPath name = PatchPath.parse("name.givenName");
    assertEquals(AttributePath.of("name", "givenName"), name.attribute());
    assertEquals(Optional.empty(), name.valueFilter());
    assertEquals(Optional.empty(), name.subAttribute());
    assertEquals(AttributePath.of("name", "givenName"), name.target());
  }

  @Test
  void parsesValuePaths() {
    PatchPath members = PatchPath.parse("members[value eq \"2819c223\"]");
    assertEquals(AttributePath.of("members"), members.attribute());
    assertEquals(Optional.of(eq("value", "2819c223")), members.valueFilter());
    assertEquals(Optional.empty(), members.subAttribute());

    PatchPath work = PatchPath.parse("emails[type eq \"work\"].value");
    assertEquals(AttributePath.of("emails"), work.attribute());
    assertEquals(Optional.of(eq("type", "work")), work.valueFilter());
    assertEquals(Optional.of("value"), work.subAttribute());
    assertEquals(AttributePath.of("emails", "value"), work.target());
  }

  @Test
  void parsesComplexValueFilters() {
    PatchPath p =
        PatchPath.parse(
            "addresses[type eq \"work\" and (primary eq true or not (country pr))].locality");
    assertEquals(AttributePath.of("addresses"), p.attribute());
    assertEquals(Optional.of("locality"), p.subAttribute());
    assertTrue(p.valueFilter().orElseThrow() instanceof Filter.And);
  }

  @Test
  void parsesUrnQualifiedPaths() {
    assertEquals(
        PatchPath.of(new AttributePath(ENTERPRISE, "manager", null)),
        PatchPath.parse(ENTERPRISE + ":manager"));
    assertEquals(
        PatchPath.of(new AttributePath(ENTERPRISE, "manager", "value")),
        PatchPath.parse(ENTERPRISE + ":manager.value"));
    assertEquals(
        PatchPath.of(new AttributePath(ENTERPRISE, "employeeNumber", null)),
        PatchPath.parse(ENTERPRISE + ":employeeNumber"));
    PatchPath core =
        PatchPath.parse(
            "urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"].value");
    assertEquals(
        new AttributePath("urn:ietf:params:scim:schemas:core:2.0:User", "emails", null),
        core.attribute());
    assertEquals(Optional.of("value"), core.subAttribute());
  }

  @Test
  void toleratesSpacesThatIdentityProvidersSend() {
    PatchPath expected = PatchPath.parse("emails[type eq \"work\"].value");
    assertEquals(expected, PatchPath.parse("emails[ type  eq  \"work\" ].value"));
    assertEquals(expected, PatchPath.parse("  emails[type EQ \"work\"].value  "));
    assertEquals(
        PatchPath.parse("members[value eq \"x\"]"), PatchPath.parse("members[ value eq \"x\" ]"));
  }

  @Test
  void printsCanonicalText() {
    assertEquals(
        "emails[type eq \"work\"].value",
        PatchPath.parse("emails[ type EQ \"work\" ].value").toString());
    assertEquals("name.givenName", PatchPath.parse("name.givenName").toString());
    assertEquals(
        ENTERPRISE + ":manager.value", PatchPath.parse(ENTERPRISE + ":manager.value").toString());
    for (String text :
        new String[] {
          "members",
          "members[value eq \"2819c223\"]",
          "emails[type eq \"work\" and primary eq true].display"
        }) {
      assertEquals(PatchPath.parse(text), PatchPath.parse(PatchPath.parse(text).toString()));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "emails[",
        "emails[type eq \"work\"",
        "emails[type eq \"work\"].",
        "emails[type eq \"work\"].value.x",
        "emails[type eq \"work\"].value extra",
        "emails[type eq \"work\"]value",
        "emails[type eq]",
        "emails[type eq \"work]",
        "emails]",
        "emails.value[type eq \"work\"]",
        "emails[type eq \"work\"][value pr]",
        "emails[type[value pr]]",
        "a.b.c",
        "1abc",
        "name..givenName",
        "\"name\"",
        "name givenName",
        "foo:bar",
        "urn:x:",
        "emails[type eq \"work\"].1x"
      })
  void malformedPathsAreInvalidPath(String text) {
    ScimException e = assertThrows(ScimException.class, () -> PatchPath.parse(text));
    assertEquals(400, e.status());
    assertEquals(ScimType.invalidPath, e.scimType().orElseThrow());
  }

  @Test
  void nullIsInvalidPath() {
    ScimException e = assertThrows(ScimException.class, () -> PatchPath.parse(null));
    assertEquals(ScimType.invalidPath, e.scimType().orElseThrow());
  }

  @Test
  void errorDetailPointsAtTheProblem() {
    ScimException e =
        assertThrows(ScimException.class, () -> PatchPath.parse("emails[type eq \"work\"] value"));
    assertTrue(e.detail().contains("position 24"), e.detail());
  }

  @Test
  void recordRejectsInconsistentComponents() {
    Optional<Filter> filter = Optional.of(eq("type", "work"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PatchPath(AttributePath.of("emails", "value"), filter, Optional.empty()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PatchPath(AttributePath.of("emails"), Optional.empty(), Optional.of("value")));
  }
}
