package dev.scimserverless.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {
  private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  private static final String ENTERPRISE =
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  private final SchemaRegistry registry = SchemaRegistry.standard();

  @Test
  void standardIsLoadedOnce() {
    assertSame(registry, SchemaRegistry.standard());
  }

  @Test
  void servesTheThreeSchemas() {
    assertEquals(
        List.of(USER, ENTERPRISE, GROUP), registry.schemas().stream().map(Schema::id).toList());
    assertEquals("User", registry.schema(USER).orElseThrow().name());
    assertEquals("EnterpriseUser", registry.schema(ENTERPRISE).orElseThrow().name());
    assertEquals("Group", registry.schema(GROUP).orElseThrow().name());
  }

  @Test
  void schemaLookupIsCaseInsensitive() {
    assertEquals(USER, registry.schema(USER.toUpperCase()).orElseThrow().id());
    assertEquals(Optional.empty(), registry.schema("urn:example:unknown"));
    assertEquals(Optional.empty(), registry.schema(null));
  }

  @Test
  void resourceTypesHaveTheirSchemas() {
    assertEquals(USER, registry.coreSchema(ResourceType.USER).id());
    assertEquals(GROUP, registry.coreSchema(ResourceType.GROUP).id());
    assertEquals(
        List.of(ENTERPRISE),
        registry.extensions(ResourceType.USER).stream().map(Schema::id).toList());
    assertEquals(List.of(), registry.extensions(ResourceType.GROUP));
    assertEquals(List.of(USER, ENTERPRISE), registry.schemaUrns(ResourceType.USER));
    assertEquals(List.of(GROUP), registry.schemaUrns(ResourceType.GROUP));
    assertEquals(Optional.of(ResourceType.USER), registry.resourceType("user"));
    assertEquals(Optional.of(ResourceType.GROUP), registry.resourceType("Group"));
    assertEquals(Optional.empty(), registry.resourceType("Device"));
  }

  @Test
  void userSchemaHasEveryAttributeOfRfc7643() {
    Schema user = registry.coreSchema(ResourceType.USER);
    assertEquals(
        List.of(
            "userName",
            "name",
            "displayName",
            "nickName",
            "profileUrl",
            "title",
            "userType",
            "preferredLanguage",
            "locale",
            "timezone",
            "active",
            "password",
            "emails",
            "phoneNumbers",
            "ims",
            "photos",
            "addresses",
            "groups",
            "entitlements",
            "roles",
            "x509Certificates"),
        user.attributes().stream().map(AttributeDefinition::name).toList());

    AttributeDefinition userName = user.attribute("USERNAME").orElseThrow();
    assertTrue(userName.required());
    assertFalse(userName.caseExact());
    assertEquals(Uniqueness.SERVER, userName.uniqueness());
    assertEquals(Returned.DEFAULT, userName.returned());

    AttributeDefinition password = user.attribute("password").orElseThrow();
    assertEquals(Mutability.WRITE_ONLY, password.mutability());
    assertEquals(Returned.NEVER, password.returned());

    AttributeDefinition groups = user.attribute("groups").orElseThrow();
    assertEquals(Mutability.READ_ONLY, groups.mutability());
    assertTrue(groups.multiValued());
    groups.subAttributes().forEach(s -> assertEquals(Mutability.READ_ONLY, s.mutability()));

    AttributeDefinition emails = user.attribute("emails").orElseThrow();
    assertEquals(
        List.of("work", "home", "other"),
        emails.subAttribute("type").orElseThrow().canonicalValues());
    assertEquals(AttributeType.BOOLEAN, emails.subAttribute("primary").orElseThrow().type());
    assertEquals(
        List.of("external"),
        user.attribute("photos")
            .orElseThrow()
            .subAttribute("value")
            .orElseThrow()
            .referenceTypes());
    assertEquals(
        AttributeType.BINARY,
        user.attribute("x509Certificates")
            .orElseThrow()
            .subAttribute("value")
            .orElseThrow()
            .type());
    assertTrue(
        user.attribute("addresses").orElseThrow().subAttribute("primary").isPresent(),
        "erratum: addresses has a primary sub-attribute (used in the RFC's own example)");
    assertEquals(AttributeType.BOOLEAN, user.attribute("active").orElseThrow().type());
  }

  @Test
  void userGroupsAdvertiseOnlyDirectGroupMemberships() {
    AttributeDefinition groups =
        registry.coreSchema(ResourceType.USER).attribute("groups").orElseThrow();
    assertEquals(List.of("Group"), groups.subAttribute("$ref").orElseThrow().referenceTypes());
    assertEquals(List.of("direct"), groups.subAttribute("type").orElseThrow().canonicalValues());
  }

  @Test
  void groupMembersFollowTheErrata() {
    Schema group = registry.coreSchema(ResourceType.GROUP);
    assertTrue(group.attribute("displayName").orElseThrow().required());
    AttributeDefinition members = group.attribute("members").orElseThrow();
    assertTrue(members.multiValued());
    assertEquals(Mutability.READ_WRITE, members.mutability());
    assertEquals(Mutability.IMMUTABLE, members.subAttribute("value").orElseThrow().mutability());
    AttributeDefinition ref = members.subAttribute("$ref").orElseThrow();
    assertEquals(AttributeType.REFERENCE, ref.type());
    assertEquals(Mutability.IMMUTABLE, ref.mutability());
    // Nested groups are refused, so discovery advertises only what is served (clients such as
    // scim2-tester build members from this advertisement).
    assertEquals(List.of("User"), ref.referenceTypes());
    AttributeDefinition type = members.subAttribute("type").orElseThrow();
    assertEquals(List.of("User"), type.canonicalValues());
    assertEquals(Mutability.IMMUTABLE, type.mutability());
    assertEquals(Mutability.READ_ONLY, members.subAttribute("display").orElseThrow().mutability());
  }

  @Test
  void enterpriseSchemaHasManager() {
    Schema enterprise = registry.schema(ENTERPRISE).orElseThrow();
    assertEquals(
        List.of(
            "employeeNumber", "costCenter", "organization", "division", "department", "manager"),
        enterprise.attributes().stream().map(AttributeDefinition::name).toList());
    AttributeDefinition manager = enterprise.attribute("manager").orElseThrow();
    assertEquals(List.of("User"), manager.subAttribute("$ref").orElseThrow().referenceTypes());
    assertEquals(
        Mutability.READ_ONLY, manager.subAttribute("displayName").orElseThrow().mutability());
  }

  @Test
  void commonAttributesFollowSection3_1() {
    AttributeResolver resolver = registry.resolver(ResourceType.GROUP);
    AttributeDefinition id = resolver.resolve(AttributePath.of("id")).orElseThrow();
    assertEquals(Mutability.READ_ONLY, id.mutability());
    assertEquals(Returned.ALWAYS, id.returned());
    assertTrue(id.caseExact());
    assertEquals(Uniqueness.SERVER, id.uniqueness());
    AttributeDefinition externalId = resolver.resolve(AttributePath.of("externalId")).orElseThrow();
    assertEquals(Mutability.READ_WRITE, externalId.mutability());
    assertTrue(externalId.caseExact());
    AttributeDefinition meta = resolver.resolve(AttributePath.of("meta")).orElseThrow();
    assertEquals(Mutability.READ_ONLY, meta.mutability());
    assertEquals(
        List.of("resourceType", "created", "lastModified", "location", "version"),
        meta.subAttributes().stream().map(AttributeDefinition::name).toList());
    assertEquals(
        AttributeType.DATE_TIME,
        resolver.resolve(AttributePath.of("meta", "lastModified")).orElseThrow().type());
  }

  @Test
  void resolverFindsCoreCommonExtensionAndSubAttributes() {
    AttributeResolver resolver = registry.resolver(ResourceType.USER);
    assertEquals("userName", name(resolver, new AttributePath(null, "USERNAME", null)));
    assertEquals("userName", name(resolver, new AttributePath(USER, "userName", null)));
    assertEquals(
        "userName", name(resolver, new AttributePath(USER.toLowerCase(), "username", null)));
    assertEquals("givenName", name(resolver, AttributePath.of("name", "GIVENNAME")));
    assertEquals("value", name(resolver, AttributePath.of("emails", "value")));
    assertEquals("created", name(resolver, AttributePath.of("meta", "created")));
    assertEquals("id", name(resolver, new AttributePath(USER, "id", null)));
    assertEquals(
        "employeeNumber", name(resolver, new AttributePath(ENTERPRISE, "employeenumber", null)));
    assertEquals(
        "value", name(resolver, new AttributePath(ENTERPRISE.toUpperCase(), "manager", "value")));
    assertEquals(
        AttributeType.STRING,
        resolver.resolve(new AttributePath(ENTERPRISE, "manager", "value")).orElseThrow().type());
  }

  @Test
  void resolverRejectsWhatIsNotThere() {
    AttributeResolver resolver = registry.resolver(ResourceType.USER);
    assertEquals(Optional.empty(), resolver.resolve(AttributePath.of("employeeNumber")));
    assertEquals(Optional.empty(), resolver.resolve(AttributePath.of("nope")));
    assertEquals(Optional.empty(), resolver.resolve(AttributePath.of("userName", "value")));
    assertEquals(Optional.empty(), resolver.resolve(AttributePath.of("name", "nope")));
    assertEquals(Optional.empty(), resolver.resolve(new AttributePath(GROUP, "userName", null)));
    assertEquals(
        Optional.empty(), resolver.resolve(new AttributePath(ENTERPRISE, "userName", null)));
    assertEquals(
        Optional.empty(),
        registry.resolver(ResourceType.GROUP).resolve(AttributePath.of("userName")));
  }

  @Test
  void resolverResolvesAWholeExtension() {
    AttributeResolver resolver = registry.resolver(ResourceType.USER);
    String prefix = ENTERPRISE.substring(0, ENTERPRISE.lastIndexOf(':'));
    AttributeDefinition whole =
        resolver.resolve(new AttributePath(prefix, "User", null)).orElseThrow();
    assertTrue(whole.isComplex());
    assertEquals(ENTERPRISE, whole.name());
    assertTrue(whole.subAttribute("manager").isPresent());
    assertEquals(whole, resolver.resolve(AttributePath.of(ENTERPRISE)).orElseThrow());
  }

  @Test
  void schemaJsonIsTheSection7Representation() {
    ObjectNode json = registry.schemaJson(USER.toLowerCase());
    assertEquals(SchemaJson.SCHEMA_URN, json.path("schemas").path(0).asText());
    assertEquals(USER, json.path("id").asText());
    assertEquals("User", json.path("name").asText());
    assertEquals("User Account", json.path("description").asText());
    assertEquals("Schema", json.path("meta").path("resourceType").asText());
    assertEquals("/Schemas/" + USER, json.path("meta").path("location").asText());
    assertEquals(21, json.path("attributes").size());
    JsonNode emails = attribute(json, "emails");
    assertEquals("complex", emails.path("type").asText());
    assertTrue(emails.path("multiValued").asBoolean());
    assertEquals(4, emails.path("subAttributes").size());
    JsonNode password = attribute(json, "password");
    assertEquals("writeOnly", password.path("mutability").asText());
    assertEquals("never", password.path("returned").asText());
    assertEquals(List.of("external"), texts(attribute(json, "profileUrl").path("referenceTypes")));
  }

  @Test
  void schemaJsonReadsBackToTheSameSchema() {
    for (Schema schema : registry.schemas()) {
      assertEquals(schema, SchemaJson.readSchema(registry.schemaJson(schema.id())));
    }
  }

  @Test
  void schemaJsonIsAFreshCopy() {
    registry.schemaJson(GROUP).put("id", "changed");
    registry.schemasJson().removeAll();
    assertEquals(GROUP, registry.schemaJson(GROUP).path("id").asText());
    assertEquals(3, registry.schemasJson().size());
  }

  @Test
  void unknownSchemaIs404() {
    ScimException e = assertThrows(ScimException.class, () -> registry.schemaJson("urn:nope"));
    assertEquals(404, e.status());
  }

  @Test
  void schemasJsonHasAllThreeSchemasWithEveryCharacteristic() {
    ArrayNode all = registry.schemasJson();
    assertEquals(List.of(USER, ENTERPRISE, GROUP), texts(all, "id"));
    int attributes = 0;
    for (JsonNode schema : all) {
      for (JsonNode attribute : schema.path("attributes")) {
        attributes += checkCharacteristics(attribute);
      }
    }
    assertEquals(21 + 6 + 2, attributes);
  }

  private static int checkCharacteristics(JsonNode attribute) {
    for (String field :
        List.of(
            "name",
            "type",
            "multiValued",
            "description",
            "required",
            "caseExact",
            "mutability",
            "returned",
            "uniqueness")) {
      assertTrue(attribute.has(field), attribute.path("name") + " lacks " + field);
    }
    assertFalse(attribute.path("description").asText().isBlank(), attribute.toString());
    if (attribute.path("type").asText().equals("reference")) {
      assertFalse(attribute.path("referenceTypes").isEmpty(), attribute.toString());
    }
    if (attribute.path("type").asText().equals("complex")) {
      assertFalse(attribute.path("subAttributes").isEmpty(), attribute.toString());
      for (JsonNode sub : attribute.path("subAttributes")) {
        checkCharacteristics(sub);
      }
    } else {
      assertFalse(attribute.has("subAttributes"));
    }
    return 1;
  }

  @Test
  void resourceTypeJsonIsTheSection6Representation() {
    ObjectNode user = registry.resourceTypeJson(ResourceType.USER);
    assertEquals(SchemaRegistry.RESOURCE_TYPE_URN, user.path("schemas").path(0).asText());
    assertEquals("User", user.path("id").asText());
    assertEquals("User", user.path("name").asText());
    assertEquals("/Users", user.path("endpoint").asText());
    assertEquals("User Account", user.path("description").asText());
    assertEquals(USER, user.path("schema").asText());
    assertEquals(1, user.path("schemaExtensions").size());
    assertEquals(ENTERPRISE, user.path("schemaExtensions").path(0).path("schema").asText());
    assertFalse(user.path("schemaExtensions").path(0).path("required").asBoolean(true));
    assertEquals("ResourceType", user.path("meta").path("resourceType").asText());
    assertEquals("/ResourceTypes/User", user.path("meta").path("location").asText());

    ObjectNode group = registry.resourceTypeJson(ResourceType.GROUP);
    assertEquals("/Groups", group.path("endpoint").asText());
    assertEquals(GROUP, group.path("schema").asText());
    assertFalse(group.has("schemaExtensions"));
    assertEquals("/ResourceTypes/Group", group.path("meta").path("location").asText());
    assertEquals(List.of("User", "Group"), texts(registry.resourceTypesJson(), "id"));
  }

  private static String name(AttributeResolver resolver, AttributePath path) {
    return resolver.resolve(path).orElseThrow(() -> new AssertionError(path)).name();
  }

  private static JsonNode attribute(JsonNode schema, String name) {
    for (JsonNode a : schema.path("attributes")) {
      if (a.path("name").asText().equals(name)) {
        return a;
      }
    }
    throw new AssertionError("no attribute " + name);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.path(field).asText()));
    return out;
  }
}
