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
  private final Map<ResourceType, ResourceTypeDescriptor> resourceTypes = new LinkedHashMap<>();
  private final Map<ResourceType, AttributeResolver> resolvers = new LinkedHashMap<>();
  private final java.util.Set<String> declared;

  private SchemaRegistry(
      List<Schema> schemas,
      List<AttributeDefinition> common,
      List<ResourceTypeDescriptor> resourceTypes) {
    this(schemas, common, resourceTypes, java.util.Set.of());
  }

  private SchemaRegistry(
      List<Schema> schemas,
      List<AttributeDefinition> common,
      List<ResourceTypeDescriptor> resourceTypes,
      java.util.Set<String> declared) {
    this.declared = java.util.Set.copyOf(declared);
    for (Schema s : schemas) {
      if (this.schemas.put(key(s.id()), s) != null) {
        throw new IllegalStateException("duplicate schema " + s.id());
      }
      this.schemaJson.put(key(s.id()), withMeta(SchemaJson.writeSchema(s), s.id()));
    }
    this.common = List.copyOf(common);
    java.util.Set<String> endpoints = new java.util.HashSet<>();
    for (ResourceTypeDescriptor d : resourceTypes) {
      if (this.resourceTypes.put(d.type(), d) != null || !endpoints.add(key(d.endpoint()))) {
        throw new IllegalArgumentException("resource type " + d.id() + " is declared twice");
      }
    }
    for (ResourceTypeDescriptor d : resourceTypes) {
      ResourceType type = d.type();
      checkKeys(d, known(d.schema()));
      List<SchemaResolver.ExtensionSchema> extensions = new ArrayList<>();
      for (SchemaExtension e : d.schemaExtensions()) {
        extensions.add(new SchemaResolver.ExtensionSchema(known(e.schema()), e.required()));
      }
      resolvers.put(type, new SchemaResolver(known(d.schema()), this.common, extensions));
    }
  }

  /**
   * Discovery true to behaviour: the descriptor's unique key is a single-valued string of the core
   * schema advertised {@code uniqueness: server}, and no other core attribute advertises a
   * uniqueness the store would not keep.
   */
  private static void checkKeys(ResourceTypeDescriptor d, Schema core) {
    String where = "resource type " + d.id() + ": descriptor.uniqueKey: ";
    String key = d.uniqueKey().attribute();
    AttributeDefinition a =
        core.attribute(key)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        where + key + " is not an attribute of " + d.schema()));
    if (a.multiValued() || a.type() != AttributeType.STRING) {
      throw new IllegalArgumentException(where + key + " must be a single-valued string");
    }
    for (AttributeDefinition other : core.attributes()) {
      boolean unique = other.uniqueness() != Uniqueness.NONE;
      if (unique != other.name().equals(a.name())) {
        throw new IllegalArgumentException(
            where
                + "the schema advertises "
                + other.name()
                + (unique ? " unique, but the key is " + key : " not unique (uniqueness: none)"));
      }
    }
  }

  private static final class Holder {
    private static final SchemaRegistry STANDARD = loadClasspath();
  }

  /**
   * A registry of other schemas (tests, custom deployments): it serves exactly the resource types
   * described, whose schemas must be among {@code schemas}.
   */
  public static SchemaRegistry of(
      List<Schema> schemas,
      List<AttributeDefinition> commonAttributes,
      List<ResourceTypeDescriptor> resourceTypes) {
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
    Map<ResourceType, List<SchemaExtension>> added = new LinkedHashMap<>();
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
    for (ResourceType t : added.keySet()) {
      resourceType(t); // an extension of a type this registry does not serve fails here
    }
    List<ResourceTypeDescriptor> types = new ArrayList<>();
    for (ResourceTypeDescriptor d : resourceTypes.values()) {
      List<SchemaExtension> ext = new ArrayList<>(d.schemaExtensions());
      ext.addAll(added.getOrDefault(d.type(), List.of()));
      types.add(d.withSchemaExtensions(ext));
    }
    return new SchemaRegistry(all, common, types, urns);
  }

  /**
   * This registry with one more resource type: its descriptor (resource-type JSON with the {@code
   * descriptor} member, see {@link ResourceTypeDescriptor}) and its core schema (RFC 7643 §7). The
   * type is then read, written, filtered and discovered like User and Group, and served by the
   * descriptor's function at its routes.
   *
   * @throws IllegalArgumentException naming the field when either is malformed, or when the type,
   *     its endpoint or its schema is already served
   */
  public SchemaRegistry withResourceType(JsonNode resourceTypeJson, JsonNode schemaJson) {
    ResourceTypeDescriptor d = ResourceTypeDescriptor.read(resourceTypeJson);
    Schema schema = SchemaJson.readSchema(schemaJson);
    if (!schema.id().equals(d.schema())) {
      throw new IllegalArgumentException(
          "resource type "
              + d.id()
              + ": schema "
              + d.schema()
              + " but the schema is "
              + schema.id());
    }
    if (schemas.containsKey(key(schema.id()))) {
      throw new IllegalArgumentException("schema " + schema.id() + " is already served");
    }
    List<Schema> all = new ArrayList<>(schemas.values());
    all.add(schema);
    List<ResourceTypeDescriptor> types = new ArrayList<>(resourceTypes.values());
    types.add(d);
    return new SchemaRegistry(all, common, types, declared);
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

  /** The descriptors of the served resource types: User, Group, then any added. */
  public List<ResourceTypeDescriptor> resourceTypes() {
    return List.copyOf(resourceTypes.values());
  }

  /** The served resource types, in the order of {@link #resourceTypes()}. */
  public List<ResourceType> types() {
    return List.copyOf(resourceTypes.keySet());
  }

  /**
   * The descriptor of a resource type.
   *
   * @throws IllegalStateException when this registry does not serve the type
   */
  public ResourceTypeDescriptor resourceType(ResourceType type) {
    ResourceTypeDescriptor d = resourceTypes.get(type);
    if (d == null) {
      throw new IllegalStateException("resource type " + type + " is not served by this registry");
    }
    return d;
  }

  /** A resource type by its id/name ({@code User}, {@code Group}), case-insensitively. */
  public Optional<ResourceType> resourceType(String id) {
    for (ResourceTypeDescriptor d : resourceTypes.values()) {
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
    ResourceTypeDescriptor d = resourceType(type);
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
    resourceType(type);
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
    ResourceTypeDescriptor d = resourceType(type);
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
    List<ResourceTypeDescriptor> types = new ArrayList<>();
    for (JsonNode node : read(RESOURCE_TYPES_FILE)) {
      types.add(readResourceType(node));
    }
    return new SchemaRegistry(schemas, common, types);
  }

  private static ResourceTypeDescriptor readResourceType(JsonNode node) {
    // defining User or Group again checks that the file agrees with ResourceType's constants
    return ResourceTypeDescriptor.read(node);
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
