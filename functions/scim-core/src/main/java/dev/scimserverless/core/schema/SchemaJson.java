package dev.scimserverless.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the JSON representation of schemas and attribute definitions (RFC 7643 §7).
 * Reading applies the defaults of RFC 7643 §2.2 to characteristics that are left out; writing
 * always spells every characteristic out.
 */
public final class SchemaJson {
  /** The URN in the {@code schemas} of a schema representation. */
  public static final String SCHEMA_URN = "urn:ietf:params:scim:schemas:core:2.0:Schema";

  private SchemaJson() {}

  /**
   * A schema from its representation: {@code id}, {@code name}, {@code description}, attributes.
   */
  public static Schema readSchema(JsonNode node) {
    return new Schema(
        requiredText(node, "id"),
        node.path("name").asText(""),
        node.path("description").asText(""),
        readAttributes(node.path("attributes")));
  }

  /** Attribute definitions from a JSON array of them. */
  public static List<AttributeDefinition> readAttributes(JsonNode array) {
    List<AttributeDefinition> out = new ArrayList<>();
    for (JsonNode a : array) {
      out.add(readAttribute(a));
    }
    return out;
  }

  /** One attribute definition; characteristics left out take the RFC 7643 §2.2 defaults. */
  public static AttributeDefinition readAttribute(JsonNode node) {
    String name = requiredText(node, "name");
    return new AttributeDefinition(
        name,
        AttributeType.fromScimName(node.path("type").asText("string")),
        node.path("multiValued").asBoolean(false),
        node.path("description").asText(""),
        node.path("required").asBoolean(false),
        texts(node.path("canonicalValues")),
        node.path("caseExact").asBoolean(false),
        Mutability.fromScimName(node.path("mutability").asText("readWrite")),
        Returned.fromScimName(node.path("returned").asText("default")),
        Uniqueness.fromScimName(node.path("uniqueness").asText("none")),
        texts(node.path("referenceTypes")),
        readAttributes(node.path("subAttributes")));
  }

  /**
   * The representation of a schema, without {@code meta} (the registry adds it): {@code schemas},
   * {@code id}, {@code name}, {@code description}, {@code attributes}.
   */
  public static ObjectNode writeSchema(Schema schema) {
    ObjectNode out = Json.object();
    out.putArray("schemas").add(SCHEMA_URN);
    out.put("id", schema.id());
    out.put("name", schema.name());
    out.put("description", schema.description());
    ArrayNode attributes = out.putArray("attributes");
    schema.attributes().forEach(a -> attributes.add(writeAttribute(a)));
    return out;
  }

  /**
   * The representation of one attribute, in the order of RFC 7643 §8.7.1. {@code canonicalValues}
   * appears when there are some, {@code referenceTypes} for references, {@code subAttributes} for
   * complex attributes.
   */
  public static ObjectNode writeAttribute(AttributeDefinition a) {
    ObjectNode out = Json.object();
    out.put("name", a.name());
    out.put("type", a.type().scimName());
    out.put("multiValued", a.multiValued());
    out.put("description", a.description());
    out.put("required", a.required());
    if (!a.canonicalValues().isEmpty()) {
      ArrayNode values = out.putArray("canonicalValues");
      a.canonicalValues().forEach(values::add);
    }
    out.put("caseExact", a.caseExact());
    out.put("mutability", a.mutability().scimName());
    out.put("returned", a.returned().scimName());
    out.put("uniqueness", a.uniqueness().scimName());
    if (a.type() == AttributeType.REFERENCE || !a.referenceTypes().isEmpty()) {
      ArrayNode types = out.putArray("referenceTypes");
      a.referenceTypes().forEach(types::add);
    }
    if (a.isComplex()) {
      ArrayNode subs = out.putArray("subAttributes");
      a.subAttributes().forEach(s -> subs.add(writeAttribute(s)));
    }
    return out;
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException("schema JSON lacks '" + field + "': " + node);
    }
    return value.asText();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : array) {
      out.add(v.asText());
    }
    return out;
  }
}
