package dev.scimserverless.core.document;

import static dev.scimserverless.core.document.RfcExamples.ENTERPRISE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.AttributeResolver;
import dev.scimserverless.core.schema.AttributeType;
import dev.scimserverless.core.schema.Mutability;
import dev.scimserverless.core.schema.Returned;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.schema.Uniqueness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectionTest {
  private static final AttributeResolver USERS =
      SchemaRegistry.standard().resolver(ResourceType.USER);
  private static final AttributeResolver GROUPS =
      SchemaRegistry.standard().resolver(ResourceType.GROUP);

  /**
   * The §8.3 user as the server returns it: with id and meta, password included to prove "never".
   */
  private static ObjectNode user() {
    return RfcExamples.enterpriseUser();
  }

  private static ObjectNode project(String attributes, String excluded) {
    return Projection.of(attributes, excluded).apply(user(), USERS);
  }

  private static List<String> keys(ObjectNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void noProjectionReturnsEverythingButNever() {
    ObjectNode input = user();
    ObjectNode out = Projection.none().apply(input, USERS);
    ObjectNode expected = user();
    expected.remove("password");
    assertEquals(expected, out);
    assertEquals(user(), input, "the input is not modified");
    assertSame(Projection.none(), Projection.of(null, " "));
    assertTrue(Projection.of("", null).isNone());
  }

  @Test
  void attributesReturnsOnlyThoseAndAlwaysOnes() {
    ObjectNode out = project("userName", null);
    assertEquals(List.of("schemas", "id", "userName"), keys(out));
    assertEquals("bjensen@example.com", out.get("userName").asText());
    assertEquals(user().get("schemas"), out.get("schemas"));
  }

  @Test
  void neverIsNeverReturnedEvenWhenAsked() {
    assertEquals(List.of("schemas", "id"), keys(project("password", null)));
  }

  @Test
  void alwaysCannotBeExcluded() {
    ObjectNode out = project(null, "id,schemas,emails,meta");
    assertTrue(out.has("id"));
    assertTrue(out.has("schemas"));
    assertFalse(out.has("emails"));
    assertFalse(out.has("meta"));
    assertTrue(out.has("userName"));
    assertTrue(out.has(ENTERPRISE));
  }

  @Test
  void subAttributeReturnsJustThatSubAttribute() {
    ObjectNode out = project("name.givenName,emails.value", null);
    assertEquals(List.of("schemas", "id", "name", "emails"), keys(out));
    assertEquals(Json.parseObject("{\"givenName\":\"Barbara\"}"), out.get("name"));
    assertEquals(
        Json.parseObject(
                "{\"e\":[{\"value\":\"bjensen@example.com\"},{\"value\":\"babs@jensen.org\"}]}")
            .get("e"),
        out.get("emails"));
  }

  @Test
  void excludedSubAttribute() {
    ObjectNode out = project(null, "name.givenName,emails.type,meta.version");
    assertFalse(out.get("name").has("givenName"));
    assertTrue(out.get("name").has("familyName"));
    assertFalse(out.at("/emails/0").has("type"));
    assertTrue(out.at("/emails/0").has("value"));
    assertFalse(out.get("meta").has("version"));
    assertTrue(out.get("meta").has("created"));
  }

  @Test
  void namesAreCaseInsensitive() {
    ObjectNode out = project("USERNAME, Name.GIVENNAME", "EMAILS");
    assertEquals(List.of("schemas", "id", "userName", "name"), keys(out));
    assertEquals(List.of("givenName"), keys((ObjectNode) out.get("name")));
  }

  @Test
  void coreUrnQualifiedNames() {
    ObjectNode out =
        project(
            "urn:ietf:params:scim:schemas:core:2.0:User:userName,"
                + "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName",
            null);
    assertEquals(List.of("schemas", "id", "userName", "name"), keys(out));
    assertEquals(List.of("familyName"), keys((ObjectNode) out.get("name")));
  }

  @Test
  void urnQualifiedEnterpriseAttribute() {
    ObjectNode out = project(ENTERPRISE + ":employeeNumber", null);
    assertEquals(List.of("schemas", "id", ENTERPRISE), keys(out));
    assertEquals(Json.parseObject("{\"employeeNumber\":\"701984\"}"), out.get(ENTERPRISE));

    ObjectNode sub = project(ENTERPRISE.toLowerCase() + ":MANAGER.value", null);
    assertEquals(
        Json.parseObject("{\"manager\":{\"value\":\"26118915-6090-4610-87e4-49d8ca9f808d\"}}"),
        sub.get(ENTERPRISE));
  }

  @Test
  void wholeExtensionByItsUrn() {
    ObjectNode out = project(ENTERPRISE, null);
    assertEquals(List.of("schemas", "id", ENTERPRISE), keys(out));
    assertEquals(user().get(ENTERPRISE), out.get(ENTERPRISE));

    ObjectNode excluded = project(null, ENTERPRISE);
    assertFalse(excluded.has(ENTERPRISE));
    assertTrue(excluded.has("userName"));
  }

  @Test
  void excludedEnterpriseAttribute() {
    ObjectNode out = project(null, ENTERPRISE + ":manager," + ENTERPRISE + ":costCenter");
    assertEquals(
        List.of("employeeNumber", "organization", "division", "department"),
        keys((ObjectNode) out.get(ENTERPRISE)));
  }

  @Test
  void unqualifiedEnterpriseNamesDoNotMatch() {
    ObjectNode out = project("employeeNumber", null);
    assertEquals(List.of("schemas", "id"), keys(out));
  }

  @Test
  void unknownNamesAreIgnored() {
    assertEquals(
        List.of("schemas", "id", "userName"), keys(project("userName,shoeSize,urn:x:y:z", null)));
    ObjectNode out = project(null, "shoeSize,urn:foo:bar");
    ObjectNode expected = user();
    expected.remove("password");
    assertEquals(expected, out);
  }

  @Test
  void requestAttributesOnlyWhenAsked() {
    AttributeDefinition secretive =
        new AttributeDefinition(
            "lastLogin",
            AttributeType.DATE_TIME,
            false,
            "",
            false,
            List.of(),
            false,
            Mutability.READ_ONLY,
            Returned.REQUEST,
            Uniqueness.NONE,
            List.of(),
            List.of());
    AttributeResolver resolver =
        path ->
            path.attribute().equalsIgnoreCase("lastLogin") && path.subAttribute() == null
                ? Optional.of(secretive)
                : USERS.resolve(path);
    ObjectNode resource = user().put("lastLogin", "2024-01-01T00:00:00Z");
    assertFalse(Projection.none().apply(resource, resolver).has("lastLogin"));
    assertFalse(Projection.of(null, "emails").apply(resource, resolver).has("lastLogin"));
    assertTrue(Projection.of("lastlogin", null).apply(resource, resolver).has("lastLogin"));
  }

  @Test
  void groupProjection() {
    ObjectNode group = RfcExamples.group();
    ObjectNode out = Projection.of("displayName", null).apply(group, GROUPS);
    assertEquals(List.of("schemas", "id", "displayName"), keys(out));
    ObjectNode noDisplay = Projection.of(null, "members.display").apply(group, GROUPS);
    assertEquals(List.of("value", "$ref"), keys((ObjectNode) noDisplay.at("/members/0")));
  }

  @Test
  void excludesTellsWhetherAnAttributeWillBeLeftOut() {
    assertFalse(Projection.none().excludes("members"));
    assertTrue(Projection.of("displayName", null).excludes("members"));
    assertFalse(Projection.of("displayName,MEMBERS", null).excludes("members"));
    assertFalse(Projection.of("members.value", null).excludes("members"));
    assertFalse(
        Projection.of("urn:ietf:params:scim:schemas:core:2.0:Group:members", null)
            .excludes("members"));
    assertTrue(Projection.of(null, "members").excludes("Members"));
    assertTrue(
        Projection.of(null, "urn:ietf:params:scim:schemas:core:2.0:Group:members")
            .excludes("members"));
    assertFalse(Projection.of(null, "members.display").excludes("members"));
    assertFalse(Projection.of(null, "displayName").excludes("members"));
  }

  @Test
  void emptyComplexValuesAreLeftOut() {
    ObjectNode resource = user();
    resource.set("name", Json.parseObject("{\"givenName\":\"B\"}"));
    ObjectNode out = Projection.of(null, "name.givenName").apply(resource, USERS);
    assertFalse(out.has("name"));
  }
}
