package dev.scimserverless.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An extension schema declared by the operator (docs/schema-extensions.md): one RFC 7643 §7 schema
 * object per file, its {@code id} the URN, plus two fields of ours that say where it goes: {@code
 * "extends"} ({@code "User"}, the default, or {@code "Group"}) and {@code "required"} (whether
 * every resource must carry it, default false; shown in {@code /ResourceTypes} {@code
 * schemaExtensions}).
 *
 * <p>Reading is strict: a file that is not what RFC 7643 §7 describes is refused with an {@link
 * IllegalArgumentException} naming the file and the field ({@code acme.json: attributes[1].type:
 * 'strng' is not one of ...}), so that a bad file stops the start instead of being half-applied.
 *
 * @param schema the schema, served at {@code /Schemas}
 * @param extendsType the resource type it extends
 * @param required whether resources of that type must carry it
 */
public record DeclaredExtension(Schema schema, ResourceType extendsType, boolean required) {
  /** The folder on the classpath the functions load declared extensions from. */
  public static final String CLASSPATH_FOLDER = "/schema-extensions/";

  /** The file in that folder naming the extension files to load, one a line. */
  public static final String INDEX_FILE = "index.txt";

  private static final Pattern URN = Pattern.compile("urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\\S+");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Set<String> SCHEMA_FIELDS =
      Set.of("schemas", "id", "name", "description", "attributes", "meta", "extends", "required");
  private static final Set<String> ATTRIBUTE_FIELDS =
      Set.of(
          "name",
          "type",
          "multiValued",
          "description",
          "required",
          "canonicalValues",
          "caseExact",
          "mutability",
          "returned",
          "uniqueness",
          "referenceTypes",
          "subAttributes");

  /** Reads one extension file from disk. */
  public static DeclaredExtension readFile(Path file) {
    String source = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("schema extension " + source + ": no such file");
    }
    try {
      return read(source, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("schema extension " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * The extensions packaged under {@link #CLASSPATH_FOLDER} and listed in its {@link #INDEX_FILE}
   * (blank lines and {@code #} comments ignored). No index, no extensions. No classpath scanning.
   */
  public static List<DeclaredExtension> readClasspath(ClassLoader loader) {
    String index = resource(loader, INDEX_FILE);
    List<DeclaredExtension> out = new ArrayList<>();
    if (index == null) {
      return out;
    }
    for (String line : index.split("\\R")) {
      String file = line.strip();
      if (file.isEmpty() || file.startsWith("#")) {
        continue;
      }
      String text = resource(loader, file);
      if (text == null) {
        throw new IllegalArgumentException(
            "schema extension "
                + CLASSPATH_FOLDER
                + file
                + ": listed in "
                + INDEX_FILE
                + " but not packaged");
      }
      out.add(read(CLASSPATH_FOLDER + file, text));
    }
    return out;
  }

  private static String resource(ClassLoader loader, String file) {
    try (InputStream in = loader.getResourceAsStream(CLASSPATH_FOLDER.substring(1) + file)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CLASSPATH_FOLDER + file, e);
    }
  }

  /**
   * Reads one extension from its JSON text.
   *
   * @param source the file name shown in errors
   */
  public static DeclaredExtension read(String source, String text) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "schema extension " + source + ": not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Reader(source).schema(node);
  }

  /** The validation of one file; every error names the file and the field. */
  private record Reader(String source) {
    DeclaredExtension schema(JsonNode node) {
      if (node == null || !node.isObject()) {
        throw fail("", "the file must hold one JSON object (a schema)");
      }
      node.fieldNames()
          .forEachRemaining(
              f -> {
                if (!SCHEMA_FIELDS.contains(f)) {
                  throw fail(f, "unknown field (a schema has " + SCHEMA_FIELDS + ")");
                }
              });
      String id = text(node, "id", "", true);
      if (!URN.matcher(id).matches()) {
        throw fail("id", "'" + id + "' is not a URN (urn:ietf:params:scim:schemas:extension:...)");
      }
      if (id.toLowerCase(Locale.ROOT).startsWith("urn:ietf:params:scim:schemas:core:")) {
        throw fail("id", "'" + id + "' is a core schema URN; extensions need their own");
      }
      ResourceType type = ResourceType.USER;
      JsonNode extendsNode = node.get("extends");
      if (extendsNode != null) {
        type = null;
        for (ResourceType t : ResourceType.STANDARD) {
          if (extendsNode.isTextual() && t.scimName().equalsIgnoreCase(extendsNode.asText())) {
            type = t;
          }
        }
        if (type == null) {
          throw fail("extends", extendsNode + " is not \"User\" or \"Group\"");
        }
      }
      boolean required = bool(node, "required", "", false);
      JsonNode attributes = node.get("attributes");
      if (attributes == null || !attributes.isArray() || attributes.isEmpty()) {
        throw fail("attributes", "must be a non-empty array of attribute definitions");
      }
      List<AttributeDefinition> defs = attributes(attributes, "attributes", true);
      return new DeclaredExtension(
          new Schema(id, text(node, "name", "", false), text(node, "description", "", false), defs),
          type,
          required);
    }

    List<AttributeDefinition> attributes(JsonNode array, String path, boolean topLevel) {
      List<AttributeDefinition> out = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < array.size(); i++) {
        AttributeDefinition a = attribute(array.get(i), path + "[" + i + "]", topLevel);
        if (!names.add(a.name().toLowerCase(Locale.ROOT))) {
          throw fail(path + "[" + i + "].name", "'" + a.name() + "' is declared twice");
        }
        out.add(a);
      }
      return out;
    }

    AttributeDefinition attribute(JsonNode node, String path, boolean topLevel) {
      if (!node.isObject()) {
        throw fail(path, "must be an attribute definition (a JSON object)");
      }
      node.fieldNames()
          .forEachRemaining(
              f -> {
                if (!ATTRIBUTE_FIELDS.contains(f)) {
                  throw fail(path + "." + f, "unknown characteristic");
                }
              });
      String name = text(node, "name", path + ".", true);
      if (!ATTRIBUTE_NAME.matcher(name).matches()) {
        throw fail(path + ".name", "'" + name + "' is not an attribute name (RFC 7643 §2.1)");
      }
      AttributeType type =
          choice(node, "type", path, "string", AttributeType.values(), AttributeType::scimName);
      boolean multiValued = bool(node, "multiValued", path + ".", false);
      Mutability mutability =
          choice(node, "mutability", path, "readWrite", Mutability.values(), Mutability::scimName);
      Returned returned =
          choice(node, "returned", path, "default", Returned.values(), Returned::scimName);
      Uniqueness uniqueness =
          choice(node, "uniqueness", path, "none", Uniqueness.values(), Uniqueness::scimName);
      List<String> canonical = texts(node, "canonicalValues", path);
      for (int i = 0; i < canonical.size(); i++) {
        checkCanonical(type, canonical.get(i), path + ".canonicalValues[" + i + "]");
      }
      if (uniqueness != Uniqueness.NONE) {
        if (!topLevel
            || multiValued
            || !(type == AttributeType.STRING
                || type == AttributeType.INTEGER
                || type == AttributeType.REFERENCE)) {
          throw fail(
              path + ".uniqueness",
              "'"
                  + uniqueness.scimName()
                  + "' is enforced only on single-valued string, integer or reference"
                  + " attributes of the extension itself");
        }
        if (uniqueness == Uniqueness.GLOBAL) {
          throw fail(path + ".uniqueness", "'global' cannot be enforced; use 'server'");
        }
      }
      List<AttributeDefinition> subs = List.of();
      JsonNode subNode = node.get("subAttributes");
      if (type == AttributeType.COMPLEX) {
        if (!topLevel) {
          throw fail(path + ".type", "a sub-attribute cannot be complex (RFC 7643 §2.3.8)");
        }
        if (subNode == null || !subNode.isArray() || subNode.isEmpty()) {
          throw fail(path + ".subAttributes", "a complex attribute needs a non-empty array");
        }
        subs = attributes(subNode, path + ".subAttributes", false);
      } else if (subNode != null && !(subNode.isArray() && subNode.isEmpty())) {
        throw fail(path + ".subAttributes", "only complex attributes have sub-attributes");
      }
      return new AttributeDefinition(
          name,
          type,
          multiValued,
          text(node, "description", path + ".", false),
          bool(node, "required", path + ".", false),
          canonical,
          bool(node, "caseExact", path + ".", false),
          mutability,
          returned,
          uniqueness,
          texts(node, "referenceTypes", path),
          subs);
    }

    private void checkCanonical(AttributeType type, String value, String path) {
      switch (type) {
        case STRING, REFERENCE -> {}
        case INTEGER -> {
          try {
            new BigDecimal(value).longValueExact();
          } catch (ArithmeticException | NumberFormatException e) {
            throw fail(path, "'" + value + "' is not an integer");
          }
        }
        case DECIMAL -> {
          try {
            new BigDecimal(value);
          } catch (NumberFormatException e) {
            throw fail(path, "'" + value + "' is not a decimal");
          }
        }
        default ->
            throw fail(
                path,
                "canonical values are supported on string, reference, integer and decimal"
                    + " attributes");
      }
    }

    private <E> E choice(
        JsonNode node,
        String field,
        String path,
        String fallback,
        E[] values,
        java.util.function.Function<E, String> scimName) {
      JsonNode v = node.get(field);
      if (v == null) {
        v = Json.mapper().getNodeFactory().textNode(fallback);
      }
      if (v.isTextual()) {
        for (E e : values) {
          if (scimName.apply(e).equals(v.asText())) {
            return e;
          }
        }
      }
      List<String> names = new ArrayList<>();
      for (E e : values) {
        names.add(scimName.apply(e));
      }
      throw fail(path + "." + field, v + " is not one of " + String.join(", ", names));
    }

    private String text(JsonNode node, String field, String prefix, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          throw fail(prefix + field, "is required");
        }
        return "";
      }
      if (!v.isTextual() || (required && v.asText().isBlank())) {
        throw fail(prefix + field, "must be a non-empty string, got " + v);
      }
      return v.asText();
    }

    private boolean bool(JsonNode node, String field, String prefix, boolean fallback) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return fallback;
      }
      if (!v.isBoolean()) {
        throw fail(prefix + field, "must be true or false, got " + v);
      }
      return v.asBoolean();
    }

    private List<String> texts(JsonNode node, String field, String path) {
      JsonNode v = node.get(field);
      List<String> out = new ArrayList<>();
      if (v == null || v.isNull()) {
        return out;
      }
      if (!v.isArray()) {
        throw fail(path + "." + field, "must be an array");
      }
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        if (!(e.isTextual() || e.isNumber())) {
          throw fail(path + "." + field + "[" + i + "]", "must be a string, got " + e);
        }
        out.add(e.asText());
      }
      return out;
    }

    private IllegalArgumentException fail(String field, String message) {
      return new IllegalArgumentException(
          "schema extension " + source + ": " + (field.isEmpty() ? "" : field + ": ") + message);
    }
  }
}
