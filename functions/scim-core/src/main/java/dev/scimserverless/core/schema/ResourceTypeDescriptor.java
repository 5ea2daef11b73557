package dev.scimserverless.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything the service provider knows about one resource type, in one place: what {@code
 * /ResourceTypes} serves (RFC 7643 §6: id, name, endpoint, description, schema, schemaExtensions)
 * and what the code does with it — its unique and lookup keys ({@code KeyPolicy}), its part in
 * memberships (the stores' delete cascade), which function serves which routes (template.yaml, the
 * local endpoint). Read from the resource-type JSON ({@code /schemas/ResourceTypes.json} for User
 * and Group), whose {@code descriptor} member holds the part that is not RFC 7643 and is never
 * served:
 *
 * <pre>{@code
 * "descriptor": {
 *   "uniqueKey": {"attribute": "userName", "maxLength": 256},
 *   "lookupKeys": ["externalId"],
 *   "memberships": "member",              // or "group", "none" (the default)
 *   "function": "UsersFunction",          // default: endpoint name + "Function"
 *   "routes": ["/Users", "/Users/{id}", "/.search"]   // default: endpoint, endpoint/{id}
 * }
 * }</pre>
 *
 * @param type the resource type it describes (its name, endpoint, core schema, delete cascade)
 * @param id the resource type's id, equal to its name ({@code User}, {@code Group})
 * @param description a human-readable description
 * @param schemaExtensions the extension schemas, in order
 * @param uniqueKey the core attribute that is unique per tenant, case-insensitively (and the order
 *     of unfiltered index paging)
 * @param lookupKeys the attributes findable by exact value (one key lookup in a filter)
 * @param function the function that serves the routes (template.yaml's logical id)
 * @param routes the routes below the base URL ({@code /scim/v2}) that the function serves
 */
public record ResourceTypeDescriptor(
    ResourceType type,
    String id,
    String description,
    List<SchemaExtension> schemaExtensions,
    KeyAttribute uniqueKey,
    List<String> lookupKeys,
    String function,
    List<String> routes) {

  /** The longest value kept as a key unless a descriptor says less. */
  public static final int MAX_KEY_LENGTH = 256;

  /**
   * A key attribute of the core schema.
   *
   * @param attribute its name
   * @param maxLength the longest value (longer ones are a 400 {@code invalidValue})
   */
  public record KeyAttribute(String attribute, int maxLength) {
    public KeyAttribute {
      if (attribute == null || attribute.isEmpty() || attribute.contains("#")) {
        throw new IllegalArgumentException("key attribute '" + attribute + "'");
      }
      if (maxLength < 1 || maxLength > MAX_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "key attribute " + attribute + ": maxLength must be 1.." + MAX_KEY_LENGTH);
      }
    }
  }

  public ResourceTypeDescriptor {
    schemaExtensions = List.copyOf(schemaExtensions);
    lookupKeys = List.copyOf(lookupKeys);
    routes = List.copyOf(routes);
    if (uniqueKey == null) {
      throw new IllegalArgumentException("resource type " + id + ": no uniqueKey");
    }
  }

  /** The name used in {@code meta.resourceType}. */
  public String name() {
    return type.scimName();
  }

  /** The endpoint relative to the base URL, e.g. {@code /Users}. */
  public String endpoint() {
    return type.endpoint();
  }

  /** The URN of the core schema. */
  public String schema() {
    return type.schema();
  }

  /** The same with other extension schemas. */
  public ResourceTypeDescriptor withSchemaExtensions(List<SchemaExtension> extensions) {
    return new ResourceTypeDescriptor(
        type, id, description, extensions, uniqueKey, lookupKeys, function, routes);
  }

  /**
   * A descriptor from its resource-type JSON (RFC 7643 §6 with the {@code descriptor} member),
   * defining its {@link ResourceType}.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static ResourceTypeDescriptor read(JsonNode node) {
    String id = text(node, "id", "resource type");
    String where = "resource type " + id;
    String name = node.path("name").asText(id);
    if (!name.equals(id)) {
      throw new IllegalArgumentException(where + ": name must equal id");
    }
    String endpoint = text(node, "endpoint", where);
    String schema = text(node, "schema", where);
    JsonNode d = node.path("descriptor");
    if (!d.isObject()) {
      throw new IllegalArgumentException(where + ": descriptor: an object is required");
    }
    ResourceType type =
        ResourceType.define(id, endpoint, schema, membership(d.path("memberships"), where));
    List<SchemaExtension> extensions = new ArrayList<>();
    for (JsonNode e : node.path("schemaExtensions")) {
      extensions.add(
          new SchemaExtension(
              text(e, "schema", where + ": schemaExtensions"),
              e.path("required").asBoolean(false)));
    }
    JsonNode u = d.path("uniqueKey");
    KeyAttribute unique =
        new KeyAttribute(
            text(u, "attribute", where + ": descriptor.uniqueKey"),
            u.path("maxLength").asInt(MAX_KEY_LENGTH));
    List<String> lookups = new ArrayList<>();
    if (d.has("lookupKeys")) {
      d.path("lookupKeys").forEach(k -> lookups.add(k.asText()));
    } else {
      lookups.add("externalId");
    }
    String function = d.path("function").asText(endpoint.substring(1) + "Function");
    List<String> routes = new ArrayList<>();
    if (d.has("routes")) {
      d.path("routes").forEach(r -> routes.add(r.asText()));
    } else {
      routes.add(endpoint);
      routes.add(endpoint + "/{id}");
    }
    return new ResourceTypeDescriptor(
        type,
        id,
        node.path("description").asText(""),
        extensions,
        unique,
        lookups,
        function,
        routes);
  }

  private static ResourceType.Membership membership(JsonNode value, String where) {
    if (value.isMissingNode()) {
      return ResourceType.Membership.NONE;
    }
    return switch (value.asText().toLowerCase(Locale.ROOT)) {
      case "member" -> ResourceType.Membership.MEMBER;
      case "group" -> ResourceType.Membership.GROUP;
      case "none" -> ResourceType.Membership.NONE;
      default ->
          throw new IllegalArgumentException(
              where
                  + ": descriptor.memberships '"
                  + value.asText()
                  + "' is not member, group or none");
    };
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException(where + ": " + field + ": a string is required");
    }
    return v.asText();
  }
}
