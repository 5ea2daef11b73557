package dev.scimserverless.core.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.Mutability;
import dev.scimserverless.core.schema.Schema;
import dev.scimserverless.core.schema.SchemaExtension;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.schema.ScimValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a client's JSON object for a resource type into the canonical document the server stores
 * (POST and PUT bodies), and checks immutability on replace (RFC 7644 §3.5.1).
 *
 * <p>Strict where data would be wrong, lenient where identity providers are known to deviate:
 *
 * <ul>
 *   <li>Names (attributes, sub-attributes, extension URNs) match case-insensitively and are
 *       rewritten to the schema's case. Extension attributes may come as top-level URN-qualified
 *       keys ({@code "urn:...:enterprise:2.0:User:employeeNumber": "7"}); they are moved under the
 *       extension object. Core-URN-qualified keys are accepted too.
 *   <li>Null means "not set" and is dropped, as are empty arrays and empty complex values. Client
 *       {@code id} and {@code meta} are dropped; readOnly attributes and sub-attributes (e.g.
 *       {@code groups}, {@code members.display}, {@code manager.displayName}) are dropped silently.
 *   <li>Unknown attributes, sub-attributes and {@code schemas} URNs are dropped and reported in
 *       {@link ReadResult#ignoredAttributes()}. The output {@code schemas} is the core URN plus the
 *       extensions actually present.
 *   <li>Values are coerced to the attribute's type: booleans from {@code "True"}/{@code "false"}
 *       strings (Entra ID), numbers from numeric strings, numbers and booleans given for strings
 *       become text; dateTime must be ISO 8601. A single value for a multi-valued attribute is
 *       wrapped in an array; an array of one for a single-valued attribute is unwrapped; anything
 *       else of the wrong shape is a 400 invalidValue. Canonical values are not enforced, except in
 *       operator-declared extensions ({@link SchemaRegistry#withExtensions}).
 *   <li>A {@code roles} value that is the JSON text of an Entra ID app role ({@code {"id", "value",
 *       "displayName"}}) becomes that role's value and display.
 *   <li>A single-valued complex attribute with a {@code value} sub-attribute given as a bare string
 *       becomes {@code {"value": string}} (Entra ID sends the enterprise {@code manager} so).
 *   <li>Multi-valued: elements that are empty are dropped; when several have {@code primary: true}
 *       the first keeps it and the others get {@code false}.
 *   <li>The writeOnly {@code password} is never stored (nor reported as ignored: it is a known
 *       attribute this server drops, as {@code changePassword} is not supported).
 *   <li>Required top-level attributes (e.g. {@code userName}, Group {@code displayName}) that are
 *       missing or blank are a 400 invalidValue; those of an extension only when it is present.
 *       {@code schemas} itself is not required on input (it is rebuilt).
 * </ul>
 */
public final class ResourceReader {
  private static final String PASSWORD = "password";
  private static final String ROLES = "roles";

  private final Map<ResourceType, TypeSchemas> types = new java.util.HashMap<>();

  public ResourceReader(SchemaRegistry registry) {
    for (ResourceType type : registry.types()) {
      Schema core = registry.coreSchema(type);
      List<AttributeDefinition> coreAttributes = new ArrayList<>(registry.commonAttributes());
      coreAttributes.addAll(core.attributes());
      List<Scope> extensions = new ArrayList<>();
      for (SchemaExtension e : registry.resourceType(type).schemaExtensions()) {
        Schema schema = registry.schema(e.schema()).orElseThrow();
        extensions.add(
            new Scope(
                schema.id(), schema.attributes(), e.required(), registry.isDeclared(schema.id())));
      }
      types.put(
          type,
          new TypeSchemas(new Scope(null, coreAttributes, true, false), core.id(), extensions));
    }
  }

  /** A reader over the standard schemas. */
  public static ResourceReader standard() {
    return new ResourceReader(SchemaRegistry.standard());
  }

  /**
   * Reads a client's representation of a resource of the given type.
   *
   * @throws ScimException 400 invalidValue when a value has the wrong shape or type, or a required
   *     attribute is missing
   */
  public ReadResult read(ResourceType type, ObjectNode input) {
    return new Reading(served(type)).read(input);
  }

  /**
   * Checks a replacement against the current document (both canonical): an immutable attribute that
   * has a value must keep it (RFC 7644 §3.5.1). Checked are the immutable attributes of each schema
   * and the immutable sub-attributes of single-valued complex attributes. An immutable attribute
   * the replacement leaves out is not an error here (the caller may carry it over); immutable
   * sub-attributes of multi-valued elements (Group {@code members.value}) are not checked because
   * replacing elements is how membership changes.
   *
   * @throws ScimException 400 mutability when an immutable value would change
   */
  public void checkImmutable(ResourceType type, ObjectNode previous, ObjectNode next) {
    TypeSchemas schemas = served(type);
    checkImmutable(schemas.core().attributes(), previous, next, "");
    for (Scope e : schemas.extensions()) {
      JsonNode before = ScimValues.member(previous, e.urn());
      JsonNode after = ScimValues.member(next, e.urn());
      if (before != null && before.isObject() && after != null && after.isObject()) {
        checkImmutable(e.attributes(), (ObjectNode) before, (ObjectNode) after, e.urn() + ":");
      }
    }
  }

  private static void checkImmutable(
      List<AttributeDefinition> definitions, ObjectNode before, ObjectNode after, String prefix) {
    for (AttributeDefinition def : definitions) {
      JsonNode was = ScimValues.member(before, def.name());
      JsonNode is = ScimValues.member(after, def.name());
      if (absent(was) || absent(is)) {
        continue;
      }
      String path = prefix + def.name();
      if (def.mutability() == Mutability.IMMUTABLE) {
        if (!ScimValues.equal(def, was, is)) {
          throw ScimException.mutability(
              "Attribute '" + path + "' is immutable and cannot be changed.");
        }
      } else if (def.isComplex() && !def.multiValued() && was.isObject() && is.isObject()) {
        checkImmutable(def.subAttributes(), (ObjectNode) was, (ObjectNode) is, path + ".");
      }
    }
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /**
   * A set of attributes read together: the core one (common + core schema attributes, urn null) or
   * one extension.
   */
  private record Scope(
      String urn, List<AttributeDefinition> attributes, boolean required, boolean declared) {
    AttributeDefinition attribute(String name) {
      for (AttributeDefinition a : attributes) {
        if (a.name().equalsIgnoreCase(name)) {
          return a;
        }
      }
      return null;
    }

    String path(AttributeDefinition def) {
      return urn == null ? def.name() : urn + ":" + def.name();
    }
  }

  private record TypeSchemas(Scope core, String coreUrn, List<Scope> extensions) {
    Scope extension(String urn) {
      for (Scope e : extensions) {
        if (e.urn().equalsIgnoreCase(urn)) {
          return e;
        }
      }
      return null;
    }
  }

  /** The state of reading one document: collected raw values and what was ignored. */
  private static final class Reading {
    private final TypeSchemas schemas;
    private final Map<Scope, ObjectNode> raw = new IdentityHashMap<>();
    private final List<String> ignored = new ArrayList<>();

    Reading(TypeSchemas schemas) {
      this.schemas = schemas;
    }

    ReadResult read(ObjectNode input) {
      for (Map.Entry<String, JsonNode> field : input.properties()) {
        dispatch(field.getKey(), field.getValue());
      }
      ObjectNode document = Json.object();
      ArrayNode schemaUrns = document.putArray("schemas");
      schemaUrns.add(schemas.coreUrn());
      readScope(schemas.core(), document);
      for (Scope e : schemas.extensions()) {
        ObjectNode extension = Json.object();
        readScope(e, extension);
        if (!extension.isEmpty()) {
          document.set(e.urn(), extension);
          schemaUrns.add(e.urn());
        } else if (e.required()) {
          throw ScimException.invalidValue("The extension '" + e.urn() + "' is required.");
        }
      }
      return new ReadResult(document, ignored);
    }

    // ---- collecting: names to canonical attributes ----

    private void dispatch(String key, JsonNode value) {
      if (value.isNull()) {
        return;
      }
      if (key.equalsIgnoreCase("schemas")) {
        checkSchemas(value);
        return;
      }
      if (key.equalsIgnoreCase("id") || key.equalsIgnoreCase("meta")) {
        return;
      }
      Scope extension = schemas.extension(key);
      if (extension != null) {
        if (!value.isObject()) {
          throw ScimException.invalidValue(
              "The extension '" + extension.urn() + "' must be a JSON object.");
        }
        for (Map.Entry<String, JsonNode> f : value.properties()) {
          collect(extension, f.getKey(), f.getValue(), extension.urn() + ":" + f.getKey());
        }
        return;
      }
      if (isUrn(key)) {
        int colon = key.lastIndexOf(':');
        String prefix = key.substring(0, colon);
        String name = key.substring(colon + 1);
        Scope scope =
            prefix.equalsIgnoreCase(schemas.coreUrn()) ? schemas.core() : schemas.extension(prefix);
        if (scope != null && !name.isEmpty()) {
          collect(scope, name, value, key);
        } else {
          ignored.add(key);
        }
        return;
      }
      collect(schemas.core(), key, value, key);
    }

    private void checkSchemas(JsonNode value) {
      for (JsonNode urn : value.isArray() ? value : Json.array().add(value)) {
        if (urn.isNull()) {
          continue;
        }
        String text = urn.asText();
        if (!urn.isTextual()
            || !(text.equalsIgnoreCase(schemas.coreUrn()) || schemas.extension(text) != null)) {
          ignored.add(urn.isTextual() ? text : urn.toString());
        }
      }
    }

    /** Puts a client value under its canonical attribute name; {@code name} may be "a.b". */
    private void collect(Scope scope, String name, JsonNode value, String shownPath) {
      if (value.isNull()) {
        return;
      }
      int dot = name.indexOf('.');
      String attributeName = dot > 0 ? name.substring(0, dot) : name;
      AttributeDefinition def = scope.attribute(attributeName);
      if (def == null) {
        ignored.add(shownPath);
        return;
      }
      ObjectNode values = raw.computeIfAbsent(scope, s -> Json.object());
      JsonNode existing = values.get(def.name());
      if (dot > 0) {
        ObjectNode merged =
            existing != null && existing.isObject() ? existing.deepCopy() : Json.object();
        merged.set(name.substring(dot + 1), value);
        values.set(def.name(), merged);
      } else if (existing != null && existing.isObject() && value.isObject()) {
        ObjectNode merged = existing.deepCopy();
        merged.setAll((ObjectNode) value);
        values.set(def.name(), merged);
      } else {
        values.set(def.name(), value);
      }
    }

    // ---- reading: values to canonical values ----

    private void readScope(Scope scope, ObjectNode out) {
      ObjectNode values = raw.get(scope);
      if (values != null) {
        for (AttributeDefinition def : scope.attributes()) {
          JsonNode value = values.get(def.name());
          JsonNode read = value == null ? null : readAttribute(def, value, scope.path(def), true);
          if (read != null) {
            if (scope.declared()) {
              checkCanonical(def, read, scope.path(def));
            }
            out.set(def.name(), read);
          }
        }
      }
      if (scope.urn() == null || !out.isEmpty()) {
        checkRequired(scope, out);
      }
    }

    /**
     * The canonical values of an operator-declared extension attribute are enforced (those of the
     * standard schemas are not: IdPs send other email types, for instance). Strings compare as
     * {@code caseExact} says, numbers numerically.
     */
    private static void checkCanonical(AttributeDefinition def, JsonNode value, String path) {
      if (value.isArray()) {
        for (JsonNode element : value) {
          checkCanonical(def, element, path);
        }
        return;
      }
      if (def.isComplex()) {
        for (AttributeDefinition sub : def.subAttributes()) {
          JsonNode v = value.get(sub.name());
          if (v != null) {
            checkCanonical(sub, v, path + "." + sub.name());
          }
        }
        return;
      }
      if (def.canonicalValues().isEmpty()) {
        return;
      }
      for (String allowed : def.canonicalValues()) {
        if (value.isNumber()) {
          BigDecimal number = parseDecimal(allowed);
          if (number != null && number.compareTo(value.decimalValue()) == 0) {
            return;
          }
        } else if (ScimValues.equal(
            def, TextNode.valueOf(allowed), TextNode.valueOf(value.asText()))) {
          return;
        }
      }
      throw ScimException.invalidValue(
          "Attribute '"
              + path
              + "' must be one of "
              + String.join(", ", def.canonicalValues())
              + "; got "
              + value
              + ".");
    }

    /** Required top-level attributes of a present scope (core, or an extension that was sent). */
    private static void checkRequired(Scope scope, ObjectNode out) {
      for (AttributeDefinition def : scope.attributes()) {
        if (def.required()
            && def.mutability() != Mutability.READ_ONLY
            && blank(out.get(def.name()))) {
          throw ScimException.invalidValue("Attribute '" + scope.path(def) + "' is required.");
        }
      }
    }

    /** The value to store for one attribute, or null when nothing is to be stored. */
    private JsonNode readAttribute(
        AttributeDefinition def, JsonNode value, String path, boolean topLevel) {
      if (value.isNull() || def.mutability() == Mutability.READ_ONLY) {
        return null;
      }
      if (def.mutability() == Mutability.WRITE_ONLY) {
        JsonNode written = readValue(def, value, path);
        boolean password =
            topLevel
                && def.name().equalsIgnoreCase(PASSWORD)
                && written != null
                && written.isTextual();
        if (written != null && !password) {
          ignored.add(path);
        }
        return null;
      }
      return readValue(def, value, path);
    }

    private JsonNode readValue(AttributeDefinition def, JsonNode value, String path) {
      if (def.multiValued()) {
        ArrayNode out = Json.array();
        for (JsonNode element : value.isArray() ? value : Json.array().add(value)) {
          JsonNode read = readSingle(def, element, path);
          if (read != null && !(read.isContainerNode() && read.isEmpty())) {
            out.add(read);
          }
        }
        if (out.isEmpty()) {
          return null;
        }
        if (def.isComplex() && def.subAttribute("primary").isPresent()) {
          ScimValues.onePrimary(def, out, List.of());
        }
        return out;
      }
      JsonNode single = value;
      if (value.isArray()) {
        if (value.size() > 1) {
          throw ScimException.invalidValue(
              "Attribute '"
                  + path
                  + "' is single-valued but "
                  + value.size()
                  + " values were given.");
        }
        if (value.isEmpty()) {
          return null;
        }
        single = value.get(0);
      }
      JsonNode read = readSingle(def, single, path);
      return read != null && read.isContainerNode() && read.isEmpty() ? null : read;
    }

    private JsonNode readSingle(AttributeDefinition def, JsonNode value, String path) {
      if (value.isNull()) {
        return null;
      }
      switch (def.type()) {
        case COMPLEX:
          return readComplex(def, value, path);
        case BOOLEAN:
          return readBoolean(value, path);
        case INTEGER:
          return readInteger(value, path);
        case DECIMAL:
          return readDecimal(value, path);
        case DATE_TIME:
          return readDateTime(value, path);
        case STRING:
        case REFERENCE:
        case BINARY:
        default:
          return readString(value, path);
      }
    }

    private JsonNode readComplex(AttributeDefinition def, JsonNode value, String path) {
      if (value.isTextual() && !def.multiValued() && def.subAttribute("value").isPresent()) {
        return value.asText().isEmpty() ? null : Json.object().put("value", value.asText());
      }
      if (!value.isObject()) {
        throw ScimException.invalidValue(
            "Attribute '" + path + "' must be a complex value (a JSON object).");
      }
      Map<String, JsonNode> given = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : value.properties()) {
        if (f.getValue().isNull()) {
          continue;
        }
        Optional<AttributeDefinition> sub = def.subAttribute(f.getKey());
        if (sub.isEmpty()) {
          ignored.add(path + "." + f.getKey());
        } else {
          given.put(sub.get().name(), f.getValue());
        }
      }
      if (path.equals(ROLES)) {
        entraAppRole(given);
      }
      ObjectNode out = Json.object();
      for (AttributeDefinition sub : def.subAttributes()) {
        JsonNode v = given.get(sub.name());
        JsonNode read = v == null ? null : readAttribute(sub, v, path + "." + sub.name(), false);
        if (read != null) {
          out.set(sub.name(), read);
        }
      }
      return out;
    }

    private static JsonNode readString(JsonNode value, String path) {
      if (value.isTextual()) {
        return value;
      }
      if (value.isIntegralNumber() || value.isBoolean()) {
        return TextNode.valueOf(value.asText());
      }
      if (value.isNumber()) {
        java.math.BigDecimal d = value.decimalValue();
        if (d.precision() <= 100 && Math.abs(d.scale()) <= 100) {
          return TextNode.valueOf(d.toPlainString());
        }
      }
      throw ScimException.invalidValue("Attribute '" + path + "' must be a string.");
    }

    private static JsonNode readBoolean(JsonNode value, String path) {
      if (value.isBoolean()) {
        return value;
      }
      if (value.isTextual()) {
        String text = value.asText().trim();
        if (text.equalsIgnoreCase("true")) {
          return BooleanNode.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
          return BooleanNode.FALSE;
        }
      }
      throw ScimException.invalidValue("Attribute '" + path + "' must be a boolean.");
    }

    private static JsonNode readInteger(JsonNode value, String path) {
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        return value;
      }
      BigDecimal number = null;
      if (value.isNumber()) {
        number = value.decimalValue();
      } else if (value.isTextual()) {
        number = parseDecimal(value.asText());
      }
      if (number != null) {
        try {
          long l = number.longValueExact();
          return l == (int) l ? IntNode.valueOf((int) l) : LongNode.valueOf(l);
        } catch (ArithmeticException e) {
          // not integral or out of range: falls through to the error
        }
      }
      throw ScimException.invalidValue("Attribute '" + path + "' must be an integer.");
    }

    private static JsonNode readDecimal(JsonNode value, String path) {
      if (value.isNumber()) {
        return value;
      }
      BigDecimal number = value.isTextual() ? parseDecimal(value.asText()) : null;
      if (number == null) {
        throw ScimException.invalidValue("Attribute '" + path + "' must be a decimal number.");
      }
      return DecimalNode.valueOf(number);
    }

    private static JsonNode readDateTime(JsonNode value, String path) {
      if (value.isTextual() && ScimValues.instant(value.textValue()).isPresent()) {
        return value;
      }
      throw ScimException.invalidValue(
          "Attribute '"
              + path
              + "' must be an xsd:dateTime, e.g. 2015-09-01T12:00:00Z; got "
              + value
              + ".");
    }

    private static BigDecimal parseDecimal(String text) {
      try {
        return new BigDecimal(text.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /**
     * Entra ID's {@code AppRoleAssignmentsComplex} sends a role's {@code value} as the JSON text of
     * the app role ({@code "{\"id\":\"...\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"}); the
     * role stored is its {@code value}, with its {@code displayName} as {@code display} (unless one
     * was given). The app role's id is not kept: the role is identified by its value.
     */
    private static void entraAppRole(Map<String, JsonNode> role) {
      JsonNode value = role.get("value");
      if (value == null || !value.isTextual() || !value.asText().strip().startsWith("{")) {
        return;
      }
      JsonNode appRole;
      try {
        appRole = Json.mapper().readTree(value.asText());
      } catch (java.io.IOException e) {
        return;
      }
      if (appRole == null || !appRole.path("value").isTextual()) {
        return;
      }
      role.put("value", appRole.get("value"));
      if (!role.containsKey("display") && appRole.path("displayName").isTextual()) {
        role.put("display", appRole.get("displayName"));
      }
    }

    private static boolean blank(JsonNode node) {
      return node == null || node.isNull() || (node.isTextual() && node.asText().isBlank());
    }

    private static boolean isUrn(String key) {
      return key.regionMatches(true, 0, "urn:", 0, 4) && key.lastIndexOf(':') > 4;
    }
  }

  private TypeSchemas served(ResourceType type) {
    TypeSchemas v = types.get(type);
    if (v == null) {
      throw new IllegalStateException("resource type " + type + " is not served by this registry");
    }
    return v;
  }
}
