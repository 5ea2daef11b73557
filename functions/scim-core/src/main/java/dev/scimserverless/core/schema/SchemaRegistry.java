package dev.scimserverless.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas and resource types this service provider serves, loaded once from the JSON files
 * under {@code /schemas} on the classpath: the User, Group and Enterprise User schemas of RFC 7643
 * §8.7.1 (with its errata fixed), the common attributes of §3.1 and the resource types of §6.
 * Immutable; {@link #standard()} is shared by the whole process.
 *
 * <p>The common attributes ({@code id}, {@code externalId}, {@code meta}) belong to no schema: they
 * are not listed in the schema representations (as in the RFC) but every resource type's resolver
 * knows them.
 */
public final class SchemaRegistry {
  /** The URN in the {@code schemas} of a resource type representation. */
  public static final String RESOURCE_TYPE_URN =
      "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

  private static final String DIRECTORY = "/schemas/";
  private static final List<String> SCHEMA_FILES =
      List.of("User.json", "EnterpriseUser.json", "Group.json");
  private static final String COMMON_FILE = "common-attributes.json";
  private static final String RESOURCE_TYPES_FILE = "ResourceTypes.json";

  private final Map<String, Schema> schemas = new LinkedHashMap<>();
  private final Map<String, ObjectNode> schemaJson = new LinkedHashMap<>();
  private final List<AttributeDefinition> common;
  private final Map<ResourceType, ResourceTypeDefinition> resourceTypes =
      new EnumMap<>(ResourceType.class);
  private final Map<ResourceType, AttributeResolver> resolvers = new EnumMap<>(ResourceType.class);
  private final java.util.Set<String> declared;

  private SchemaRegistry(
      List<Schema> schemas,
      List<AttributeDefinition> common,
      List<ResourceTypeDefinition> resourceTypes) {
    this(schemas, common, resourceTypes, java.util.Set.of());
  }

  private SchemaRegistry(
      List<Schema> schemas,
      List<AttributeDefinition> common,
      List<ResourceTypeDefinition> resourceTypes,
      java.util.Set<String> declared) {
    this.declared = java.util.Set.copyOf(declared);
    for (Schema s : schemas) {
      if (this.schemas.put(key(s.id()), s) != null) {
        throw new IllegalStateException("duplicate schema " + s.id());
      }
      this.schemaJson.put(key(s.id()), withMeta(SchemaJson.writeSchema(s), s.id()));
    }
    this.common = List.copyOf(common);
    for (ResourceTypeDefinition d : resourceTypes) {
      this.resourceTypes.put(d.type(), d);
    }
    for (ResourceType type : ResourceType.values()) {
      ResourceTypeDefinition d = resourceType(type);
      List<SchemaResolver.ExtensionSchema> extensions = new ArrayList<>();
      for (SchemaExtension e : d.schemaExtensions()) {
        extensions.add(new SchemaResolver.ExtensionSchema(known(e.schema()), e.required()));
      }
      resolvers.put(type, new SchemaResolver(known(d.schema()), this.common, extensions));
    }
  }

  private static final class Holder {
    private static final SchemaRegistry STANDARD = loadClasspath();
  }

  /**
   * A registry of other schemas (tests, custom deployments). Every {@link ResourceType} needs a
   * definition whose schemas are among {@code schemas}.
   */
  public static SchemaRegistry of(
      List<Schema> schemas,
      List<AttributeDefinition> commonAttributes,
      List<ResourceTypeDefinition> resourceTypes) {
    return new SchemaRegistry(schemas, commonAttributes, resourceTypes);
  }

  /** The registry of the standard schemas, loaded on first use and shared. */
  public static SchemaRegistry standard() {
    return Holder.STANDARD;
  }

  /**
   * This registry with the operator's extension schemas added (docs/schema-extensions.md): each
   * becomes a schema at {@code /Schemas} and a {@code schemaExtensions} entry of the resource type
   * it extends, and is read, patched, filtered, sorted and projected like the enterprise extension.
   * Unlike the standard schemas, the canonical values of their attributes are enforced, and {@code
   * uniqueness: server} is kept unique like {@code userName}.
   *
   * @throws IllegalArgumentException when a URN is already a schema of this registry
   */
  public SchemaRegistry withExtensions(List<DeclaredExtension> extensions) {
    if (extensions.isEmpty()) {
      return this;
    }
    List<Schema> all = new ArrayList<>(schemas.values());
    java.util.Set<String> urns = new java.util.HashSet<>(declared);
    Map<ResourceType, List<SchemaExtension>> added = new EnumMap<>(ResourceType.class);
    for (DeclaredExtension e : extensions) {
      String urn = e.schema().id();
      if (schemas.containsKey(key(urn)) || !urns.add(key(urn))) {
        throw new IllegalArgumentException(
            "schema extension " + urn + ": id: the schema is declared twice");
      }
      all.add(e.schema());
      added
          .computeIfAbsent(e.extendsType(), t -> new ArrayList<>())
          .add(new SchemaExtension(urn, e.required()));
    }
    List<ResourceTypeDefinition> types = new ArrayList<>();
    for (ResourceTypeDefinition d : resourceTypes.values()) {
      List<SchemaExtension> ext = new ArrayList<>(d.schemaExtensions());
      ext.addAll(added.getOrDefault(d.type(), List.of()));
      types.add(
          new ResourceTypeDefinition(
              d.type(), d.id(), d.name(), d.endpoint(), d.description(), d.schema(), ext));
    }
    return new SchemaRegistry(all, common, types, urns);
  }

  /** Whether a schema URN is one the operator declared ({@link #withExtensions}). */
  public boolean isDeclared(String urn) {
    return urn != null && declared.contains(key(urn));
  }

  /** Every schema, in a stable order: User, Enterprise User, Group. */
  public List<Schema> schemas() {
    return List.copyOf(schemas.values());
  }

  /** A schema by URN, case-insensitively. */
  public Optional<Schema> schema(String urn) {
    return urn == null ? Optional.empty() : Optional.ofNullable(schemas.get(key(urn)));
  }

  /** The common attributes of RFC 7643 §3.1: {@code id}, {@code externalId}, {@code meta}. */
  public List<AttributeDefinition> commonAttributes() {
    return common;
  }

  /** The served resource types, in the order of {@link ResourceType}. */
  public List<ResourceTypeDefinition> resourceTypes() {
    return List.copyOf(resourceTypes.values());
  }

  /** The definition of a resource type. */
  public ResourceTypeDefinition resourceType(ResourceType type) {
    ResourceTypeDefinition d = resourceTypes.get(type);
    if (d == null) {
      throw new IllegalStateException("no resource type definition for " + type);
    }
    return d;
  }

  /** A resource type by its id/name ({@code User}, {@code Group}), case-insensitively. */
  public Optional<ResourceType> resourceType(String id) {
    for (ResourceTypeDefinition d : resourceTypes.values()) {
      if (d.id().equalsIgnoreCase(id) || d.name().equalsIgnoreCase(id)) {
        return Optional.of(d.type());
      }
    }
    return Optional.empty();
  }

  /** The core schema of a resource type. */
  public Schema coreSchema(ResourceType type) {
    return known(resourceType(type).schema());
  }

  /** The extension schemas of a resource type, in order. */
  public List<Schema> extensions(ResourceType type) {
    List<Schema> out = new ArrayList<>();
    for (SchemaExtension e : resourceType(type).schemaExtensions()) {
      out.add(known(e.schema()));
    }
    return List.copyOf(out);
  }

  /** The core schema URN followed by the extension URNs of a resource type. */
  public List<String> schemaUrns(ResourceType type) {
    List<String> out = new ArrayList<>();
    ResourceTypeDefinition d = resourceType(type);
    out.add(d.schema());
    d.schemaExtensions().forEach(e -> out.add(e.schema()));
    return List.copyOf(out);
  }

  /**
   * The attribute resolver of a resource type: unqualified names resolve to the core schema, then
   * the common attributes; URN-qualified ones to the core schema or the named extension; an
   * extension URN alone to a complex definition standing for the whole extension object.
   */
  public AttributeResolver resolver(ResourceType type) {
    return resolvers.get(type);
  }

  /**
   * The representation of one schema (RFC 7643 §7) with {@code meta.resourceType "Schema"} and a
   * {@code meta.location} relative to the base URL ({@code /Schemas/{urn}}). A fresh copy.
   *
   * @throws ScimException 404 when the schema is unknown
   */
  public ObjectNode schemaJson(String urn) {
    ObjectNode json = urn == null ? null : schemaJson.get(key(urn));
    if (json == null) {
      throw ScimException.notFound("Schema '" + urn + "' does not exist.");
    }
    return json.deepCopy();
  }

  /** The representations of every schema, as in {@link #schemaJson(String)}. A fresh copy. */
  public ArrayNode schemasJson() {
    ArrayNode out = Json.array();
    schemaJson.values().forEach(s -> out.add(s.deepCopy()));
    return out;
  }

  /**
   * The representation of a resource type (RFC 7643 §6), with {@code meta.resourceType
   * "ResourceType"} and a relative {@code meta.location} ({@code /ResourceTypes/User}).
   */
  public ObjectNode resourceTypeJson(ResourceType type) {
    ResourceTypeDefinition d = resourceType(type);
    ObjectNode out = Json.object();
    out.putArray("schemas").add(RESOURCE_TYPE_URN);
    out.put("id", d.id());
    out.put("name", d.name());
    out.put("endpoint", d.endpoint());
    out.put("description", d.description());
    out.put("schema", d.schema());
    if (!d.schemaExtensions().isEmpty()) {
      ArrayNode extensions = out.putArray("schemaExtensions");
      for (SchemaExtension e : d.schemaExtensions()) {
        extensions.addObject().put("schema", e.schema()).put("required", e.required());
      }
    }
    ObjectNode meta = out.putObject("meta");
    meta.put("resourceType", "ResourceType");
    meta.put("location", "/ResourceTypes/" + d.id());
    return out;
  }

  /** The representations of every resource type. */
  public ArrayNode resourceTypesJson() {
    ArrayNode out = Json.array();
    for (ResourceType type : resourceTypes.keySet()) {
      out.add(resourceTypeJson(type));
    }
    return out;
  }

  private Schema known(String urn) {
    Schema s = schemas.get(key(urn));
    if (s == null) {
      throw new IllegalStateException("unknown schema " + urn);
    }
    return s;
  }

  private static ObjectNode withMeta(ObjectNode schema, String urn) {
    ObjectNode meta = schema.putObject("meta");
    meta.put("resourceType", "Schema");
    meta.put("location", "/Schemas/" + urn);
    return schema;
  }

  private static String key(String urn) {
    return urn.toLowerCase(Locale.ROOT);
  }

  // ---- loading ----

  private static SchemaRegistry loadClasspath() {
    List<Schema> schemas = new ArrayList<>();
    for (String file : SCHEMA_FILES) {
      schemas.add(SchemaJson.readSchema(read(file)));
    }
    List<AttributeDefinition> common =
        SchemaJson.readAttributes(read(COMMON_FILE).path("attributes"));
    List<ResourceTypeDefinition> types = new ArrayList<>();
    for (JsonNode node : read(RESOURCE_TYPES_FILE)) {
      types.add(readResourceType(node));
    }
    return new SchemaRegistry(schemas, common, types);
  }

  private static ResourceTypeDefinition readResourceType(JsonNode node) {
    String id = node.path("id").asText();
    ResourceType type = null;
    for (ResourceType t : ResourceType.values()) {
      if (t.scimName().equals(id)) {
        type = t;
      }
    }
    if (type == null) {
      throw new IllegalStateException("resource type " + id + " is not a ResourceType constant");
    }
    String endpoint = node.path("endpoint").asText();
    String schema = node.path("schema").asText();
    if (!endpoint.equals(type.endpoint()) || !schema.equals(type.schema())) {
      throw new IllegalStateException("resource type " + id + " disagrees with ResourceType");
    }
    List<SchemaExtension> extensions = new ArrayList<>();
    for (JsonNode e : node.path("schemaExtensions")) {
      extensions.add(
          new SchemaExtension(e.path("schema").asText(), e.path("required").asBoolean(false)));
    }
    return new ResourceTypeDefinition(
        type,
        id,
        node.path("name").asText(id),
        endpoint,
        node.path("description").asText(""),
        schema,
        extensions);
  }

  private static JsonNode read(String file) {
    try (InputStream in = SchemaRegistry.class.getResourceAsStream(DIRECTORY + file)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + DIRECTORY + file);
      }
      return Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DIRECTORY + file, e);
    }
  }
}
