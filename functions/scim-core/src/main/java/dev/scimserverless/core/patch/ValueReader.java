package dev.scimserverless.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.document.ReadResult;
import dev.scimserverless.core.document.ResourceReader;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.Mutability;
import dev.scimserverless.core.schema.Schema;
import dev.scimserverless.core.schema.SchemaExtension;
import dev.scimserverless.core.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an operation's value into the canonical stored form with the {@link ResourceReader}, so
 * that PATCH coerces exactly as POST and PUT do (canonical names, {@code "False"} to false, numbers
 * from strings, a bare string for {@code manager} to {@code {"value": ...}}, readOnly
 * sub-attributes and nulls dropped, unknown sub-attributes reported).
 *
 * <p>The reader reads whole documents only, so each value is read inside a small document that
 * holds the value at its place plus placeholders for the required attributes (which the reader
 * would otherwise reject); only the value is taken back. A method of the reader that reads one
 * attribute value would make the placeholders unnecessary.
 */
final class ValueReader {
  private final ResourceReader reader;
  private final Map<ResourceType, ObjectNode> bases = new java.util.HashMap<>();

  ValueReader(SchemaRegistry registry, ResourceReader reader) {
    this.reader = reader;
    for (ResourceType type : registry.types()) {
      bases.put(type, base(registry, type));
    }
  }

  /**
   * The canonical value of the whole attribute of {@code target} (an array for a multi-valued one),
   * or null when nothing remains of it.
   */
  JsonNode attribute(ResourceType type, PatchTarget target, JsonNode value, List<String> ignored) {
    if (target.attribute().mutability() == Mutability.WRITE_ONLY) {
      return value.deepCopy();
    }
    return read(type, target, value, ignored);
  }

  /**
   * The canonical value of one element of the multi-valued complex attribute of {@code target}, or
   * null when nothing remains of it.
   */
  JsonNode element(ResourceType type, PatchTarget target, JsonNode value, List<String> ignored) {
    JsonNode single = value;
    if (value.isArray()) {
      if (value.size() != 1) {
        throw ScimException.invalidValue(
            "The path '"
                + target.text()
                + "' selects values one by one; give one JSON object, not "
                + value.size()
                + " values.");
      }
      single = value.get(0);
    }
    return first(read(type, target, Json.array().add(single), ignored));
  }

  /**
   * The canonical value of the sub-attribute of {@code target}, read as part of a value of its
   * attribute, or null when nothing remains of it.
   */
  JsonNode subAttribute(
      ResourceType type, PatchTarget target, JsonNode value, List<String> ignored) {
    String name = target.sub().name();
    ObjectNode holder = Json.object().set(name, value);
    if (target.attribute().multiValued()) {
      return member(first(read(type, target, Json.array().add(holder), ignored)), name);
    }
    return member(read(type, target, holder, ignored), name);
  }

  private JsonNode read(
      ResourceType type, PatchTarget target, JsonNode value, List<String> ignored) {
    String name = target.attribute().name();
    ObjectNode document = base(type).deepCopy();
    document.set(target.extension() == null ? name : target.extension() + ":" + name, value);
    ReadResult read = reader.read(type, document);
    ignored.addAll(read.ignoredAttributes());
    JsonNode container =
        target.extension() == null ? read.document() : read.document().get(target.extension());
    return member(container, name);
  }

  private static JsonNode first(JsonNode array) {
    return array != null && array.isArray() && !array.isEmpty() ? array.get(0) : null;
  }

  private static JsonNode member(JsonNode object, String name) {
    return object != null && object.isObject() ? object.get(name) : null;
  }

  // ---- placeholders for the required attributes ----

  private static ObjectNode base(SchemaRegistry registry, ResourceType type) {
    ObjectNode base = Json.object();
    List<AttributeDefinition> core = new ArrayList<>(registry.commonAttributes());
    core.addAll(registry.coreSchema(type).attributes());
    fillRequired(core, base);
    for (SchemaExtension e : registry.resourceType(type).schemaExtensions()) {
      if (!e.required()) {
        continue;
      }
      Schema schema = registry.schema(e.schema()).orElseThrow();
      ObjectNode extension = Json.object();
      fillRequired(schema.attributes(), extension);
      if (extension.isEmpty()) {
        for (AttributeDefinition a : schema.attributes()) {
          if (writable(a)) {
            extension.set(a.name(), placeholder(a));
            break;
          }
        }
      }
      base.set(schema.id(), extension);
    }
    return base;
  }

  private static void fillRequired(List<AttributeDefinition> attributes, ObjectNode out) {
    for (AttributeDefinition a : attributes) {
      if (a.required() && writable(a)) {
        out.set(a.name(), placeholder(a));
      }
    }
  }

  private static boolean writable(AttributeDefinition a) {
    return a.mutability() == Mutability.READ_WRITE || a.mutability() == Mutability.IMMUTABLE;
  }

  private static JsonNode placeholder(AttributeDefinition a) {
    switch (a.type()) {
      case BOOLEAN:
        return BooleanNode.FALSE;
      case INTEGER:
      case DECIMAL:
        return IntNode.valueOf(0);
      case DATE_TIME:
        return TextNode.valueOf("1970-01-01T00:00:00Z");
      case COMPLEX:
        ObjectNode complex = Json.object();
        for (AttributeDefinition sub : a.subAttributes()) {
          if (writable(sub) && !sub.isComplex()) {
            complex.set(sub.name(), placeholder(sub));
            break;
          }
        }
        return complex;
      default:
        return TextNode.valueOf("x");
    }
  }

  private ObjectNode base(ResourceType type) {
    ObjectNode v = bases.get(type);
    if (v == null) {
      throw new IllegalStateException("resource type " + type + " is not served by this registry");
    }
    return v;
  }
}
