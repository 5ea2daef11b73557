package dev.scimserverless.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.CompareOp;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.filter.FilterVisitor;
import dev.scimserverless.core.filter.PatchPath;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.Mutability;
import dev.scimserverless.core.schema.ScimValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies PATCH operations, one after the other, to a working copy of one document (RFC 7644
 * §3.5.2). Values are made canonical by the {@link ValueReader} before they touch the document, so
 * the document stays in stored form between operations.
 */
final class PatchRun {
  private final ResourceType type;
  private final TargetResolver targets;
  private final ValueReader values;
  private final ObjectNode document;
  private final List<String> ignored = new ArrayList<>();

  PatchRun(ResourceType type, TargetResolver targets, ValueReader values, ObjectNode document) {
    this.type = type;
    this.targets = targets;
    this.values = values;
    this.document = document;
  }

  ObjectNode document() {
    return document;
  }

  /** What was skipped because the schemas do not know it: unknown keys of no-path values. */
  List<String> ignored() {
    return ignored;
  }

  void apply(PatchOperation operation) {
    PatchOperation.Op op = operation.op();
    if (operation.path().isEmpty()) {
      if (op == PatchOperation.Op.REMOVE) {
        throw ScimException.noTarget("A remove operation needs a path.");
      }
      writeAttributes(null, operation.value(), op == PatchOperation.Op.REPLACE);
      return;
    }
    PatchTarget target = targets.resolve(operation.path().get());
    checkWritable(target);
    switch (op) {
      case ADD:
        write(target, operation.value(), false);
        break;
      case REPLACE:
        write(target, operation.value(), true);
        break;
      case REMOVE:
      default:
        remove(target, operation.value());
        break;
    }
  }

  // ---- add and replace ----

  /**
   * The value of an operation without path (the resource itself) or with the path of a whole
   * extension: each key names an attribute, possibly as a path ({@code name.givenName}, {@code
   * urn:...:User:manager}, {@code emails[type eq "work"].value} as Entra ID sends them). {@code
   * schemas}, {@code id} and {@code meta} are skipped (the service checks identity), unknown keys
   * are reported as ignored, readOnly attributes are skipped silently, as on POST.
   */
  private void writeAttributes(String extension, JsonNode value, boolean replace) {
    if (!value.isObject()) {
      throw ScimException.invalidValue(
          extension == null
              ? "Without a path, the value must be a JSON object of attributes."
              : "The value of '" + extension + "' must be a JSON object of its attributes.");
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String key = field.getKey();
      JsonNode attributeValue = field.getValue();
      if (attributeValue.isNull() || (extension == null && reserved(key))) {
        continue;
      }
      String path = extension == null ? key : extension + ":" + key;
      Optional<PatchTarget> target = resolveLeniently(path);
      if (target.isEmpty()) {
        ignored.add(path);
      } else if (!readOnly(target.get())) {
        write(target.get(), attributeValue, replace);
      }
    }
  }

  /**
   * Keys of a no-path value that are not attributes to write: {@code schemas}, {@code id}, {@code
   * meta}.
   */
  static boolean reserved(String key) {
    return key.equalsIgnoreCase("schemas")
        || key.equalsIgnoreCase("id")
        || key.equalsIgnoreCase("meta");
  }

  private Optional<PatchTarget> resolveLeniently(String path) {
    try {
      return Optional.of(targets.resolve(PatchPath.parse(path)));
    } catch (ScimException unknown) {
      return Optional.empty();
    }
  }

  private void write(PatchTarget target, JsonNode value, boolean replace) {
    if (target.hasSub() && target.sub().mutability() == Mutability.READ_ONLY) {
      return;
    }
    AttributeDefinition attribute = target.attribute();
    if (target.wholeExtension()) {
      writeAttributes(target.extension(), value, replace);
    } else if (target.hasFilter()) {
      writeSelected(target, value);
    } else if (target.hasSub()) {
      writeSub(target, value);
    } else if (attribute.multiValued()) {
      if (replace) {
        replaceValues(target, value);
      } else {
        addValues(target, value);
      }
    } else if (attribute.isComplex()) {
      writeComplex(target, value);
    } else {
      writeSimple(target, value);
    }
    tidy(target);
  }

  private void writeSimple(PatchTarget target, JsonNode value) {
    if (isEmptyString(value)) {
      removeAttribute(target);
      return;
    }
    JsonNode read = values.attribute(type, target, value, ignored);
    if (read != null) {
      ScimValues.set(container(target, true), target.attribute().name(), read);
    }
  }

  /** Single-valued complex: the given sub-attributes replace or add, the others are kept. */
  private void writeComplex(PatchTarget target, JsonNode value) {
    if (isEmptyString(value)) {
      removeAttribute(target);
      return;
    }
    JsonNode read = values.attribute(type, target, value, ignored);
    if (read == null || !read.isObject()) {
      return;
    }
    AttributeDefinition attribute = target.attribute();
    ObjectNode container = container(target, true);
    JsonNode current = ScimValues.member(container, attribute.name());
    if (current == null || !current.isObject() || refersElsewhere(attribute, current, read)) {
      ObjectNode fresh = Json.object();
      putAll(fresh, (ObjectNode) read);
      ScimValues.set(container, attribute.name(), fresh);
    } else {
      merge(attribute, (ObjectNode) current, (ObjectNode) read, target);
    }
  }

  /** Multi-valued, add: the values are appended unless already there. */
  private void addValues(PatchTarget target, JsonNode value) {
    JsonNode read = values.attribute(type, target, value, ignored);
    if (read == null || !read.isArray() || read.isEmpty()) {
      return;
    }
    AttributeDefinition attribute = target.attribute();
    ArrayNode current = array(target, true);
    List<JsonNode> touched = new ArrayList<>();
    for (JsonNode element : read) {
      if (!contains(attribute, current, element)) {
        JsonNode copy = element.deepCopy();
        current.add(copy);
        touched.add(copy);
      }
    }
    ScimValues.onePrimary(attribute, current, touched);
  }

  /** Multi-valued, replace without filter: the values replace all values. */
  private void replaceValues(PatchTarget target, JsonNode value) {
    JsonNode read = values.attribute(type, target, value, ignored);
    if (read == null || !read.isArray() || read.isEmpty()) {
      removeAttribute(target);
      return;
    }
    ScimValues.set(container(target, true), target.attribute().name(), read.deepCopy());
  }

  /** A sub-attribute without value filter: of the complex value, or of every value. */
  private void writeSub(PatchTarget target, JsonNode value) {
    AttributeDefinition attribute = target.attribute();
    String sub = target.sub().name();
    boolean clear = isEmptyString(value);
    JsonNode read = clear ? null : values.subAttribute(type, target, value, ignored);
    if (!clear && read == null) {
      return;
    }
    if (attribute.multiValued()) {
      ArrayNode current = array(target, !clear);
      if (current == null) {
        return;
      }
      List<JsonNode> touched = new ArrayList<>();
      if (current.isEmpty() && !clear) {
        ObjectNode element = Json.object().set(sub, read);
        current.add(element);
        touched.add(element);
      } else {
        for (JsonNode element : current) {
          if (element.isObject()) {
            setSub(target, (ObjectNode) element, read);
            touched.add(element);
          }
        }
      }
      ScimValues.onePrimary(attribute, current, touched);
      return;
    }
    JsonNode current = ScimValues.member(container(target, !clear), attribute.name());
    if (current != null
        && current.isObject()
        && !refersElsewhere(attribute, current, Json.object().set(sub, read))) {
      setSub(target, (ObjectNode) current, read);
    } else if (!clear) {
      ScimValues.set(container(target, true), attribute.name(), Json.object().set(sub, read));
    }
  }

  /**
   * With a value filter: the matched values get the value (merged) or the sub-attribute; when none
   * matches, a value is created from the filter's {@code eq} comparisons and the value (as Entra ID
   * expects for {@code emails[type eq "work"].value} on a user without work email).
   */
  private void writeSelected(PatchTarget target, JsonNode value) {
    AttributeDefinition attribute = target.attribute();
    boolean clear = target.hasSub() && isEmptyString(value);
    JsonNode read;
    if (target.hasSub()) {
      read = clear ? null : values.subAttribute(type, target, value, ignored);
      if (!clear && read == null) {
        return;
      }
    } else {
      read = values.element(type, target, value, ignored);
      if (read == null || !read.isObject()) {
        return;
      }
    }
    List<ObjectNode> matched = selected(target);
    List<JsonNode> touched = new ArrayList<>();
    if (matched.isEmpty()) {
      if (clear) {
        return;
      }
      ObjectNode element =
          seed(attribute, target.filter())
              .orElseThrow(
                  () ->
                      ScimException.noTarget(
                          "The filter of '"
                              + target.text()
                              + "' matches no value, and no value"
                              + " can be built from it (only 'eq' comparisons joined by 'and'"
                              + " can)."));
      if (target.hasSub()) {
        element.set(target.sub().name(), read);
      } else {
        putAll(element, (ObjectNode) read);
      }
      JsonNode created = values.element(type, target, element, ignored);
      ArrayNode current = array(target, true);
      if (created == null || containsEqual(current, created)) {
        return;
      }
      current.add(created);
      touched.add(created);
    } else {
      for (ObjectNode element : matched) {
        if (target.hasSub()) {
          setSub(target, element, read);
        } else {
          merge(attribute, element, (ObjectNode) read, target);
        }
        touched.add(element);
      }
    }
    ScimValues.onePrimary(attribute, array(target, false), touched);
  }

  /** Sets (or with null, clears) the sub-attribute of {@code target} in one complex value. */
  private static void setSub(PatchTarget target, ObjectNode value, JsonNode subValue) {
    AttributeDefinition sub = target.sub();
    checkImmutable(target, sub, ScimValues.member(value, sub.name()), subValue);
    if (subValue == null) {
      ScimValues.remove(value, sub.name());
    } else {
      ScimValues.set(value, sub.name(), subValue.deepCopy());
    }
  }

  /**
   * Merges canonical sub-attributes into an existing complex value; an empty string removes one.
   * Immutable sub-attributes that have a value keep it.
   */
  private static void merge(
      AttributeDefinition attribute, ObjectNode into, ObjectNode given, PatchTarget target) {
    for (Map.Entry<String, JsonNode> field : given.properties()) {
      JsonNode subValue = isEmptyString(field.getValue()) ? null : field.getValue();
      attribute
          .subAttribute(field.getKey())
          .ifPresent(
              sub -> checkImmutable(target, sub, ScimValues.member(into, sub.name()), subValue));
    }
    putAll(into, given);
  }

  /** Puts canonical sub-attributes into a complex value; an empty string removes one. */
  private static void putAll(ObjectNode into, ObjectNode given) {
    for (Map.Entry<String, JsonNode> field : given.properties()) {
      if (isEmptyString(field.getValue())) {
        ScimValues.remove(into, field.getKey());
      } else {
        ScimValues.set(into, field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  // ---- remove ----

  private void remove(PatchTarget target, JsonNode value) {
    if (target.hasSub() && target.sub().mutability() == Mutability.READ_ONLY) {
      return;
    }
    AttributeDefinition attribute = target.attribute();
    if (target.wholeExtension()) {
      JsonNode extension = ScimValues.member(document, target.extension());
      if (extension != null && extension.isObject()) {
        for (AttributeDefinition a : attribute.subAttributes()) {
          checkImmutable(target, a, ScimValues.member(extension, a.name()), null);
        }
      }
      ScimValues.remove(document, target.extension());
      return;
    }
    if (target.hasFilter()) {
      removeSelected(target);
    } else if (target.hasSub()) {
      removeSub(target);
    } else if (attribute.multiValued() && !value.isNull()) {
      removeValues(target, value);
    } else {
      ObjectNode container = container(target, false);
      if (container != null) {
        checkImmutable(target, attribute, ScimValues.member(container, attribute.name()), null);
      }
      removeAttribute(target);
    }
    tidy(target);
  }

  private void removeSelected(PatchTarget target) {
    List<ObjectNode> matched = selected(target);
    if (matched.isEmpty()) {
      if (identifiedByValue(target.attribute())) {
        return; // removing a member that is not one is a success without change
      }
      throw ScimException.noTarget("The filter of '" + target.text() + "' matches no value.");
    }
    if (target.hasSub()) {
      for (ObjectNode element : matched) {
        setSub(target, element, null);
      }
      return;
    }
    ArrayNode current = array(target, false);
    for (int i = current.size() - 1; i >= 0; i--) {
      JsonNode element = current.get(i);
      if (matched.stream().anyMatch(m -> m == element)) {
        current.remove(i);
      }
    }
  }

  private void removeSub(PatchTarget target) {
    AttributeDefinition attribute = target.attribute();
    if (attribute.multiValued()) {
      ArrayNode current = array(target, false);
      if (current != null) {
        for (JsonNode element : current) {
          if (element.isObject()) {
            setSub(target, (ObjectNode) element, null);
          }
        }
      }
      return;
    }
    JsonNode current = ScimValues.member(container(target, false), attribute.name());
    if (current != null && current.isObject()) {
      setSub(target, (ObjectNode) current, null);
    }
  }

  /**
   * Remove with a value on a multi-valued attribute, as Entra ID removes group members ({@code
   * "path": "members", "value": [{"value": "id"}]}): removes the values that match one of the given
   * values (by {@code value} for references, otherwise by every given sub-attribute).
   */
  private void removeValues(PatchTarget target, JsonNode value) {
    JsonNode read = values.attribute(type, target, value, ignored);
    ArrayNode current = array(target, false);
    if (read == null || !read.isArray() || current == null) {
      return;
    }
    AttributeDefinition attribute = target.attribute();
    for (int i = current.size() - 1; i >= 0; i--) {
      for (JsonNode given : read) {
        if (matches(attribute, current.get(i), given)) {
          current.remove(i);
          break;
        }
      }
    }
  }

  private void removeAttribute(PatchTarget target) {
    ObjectNode container = container(target, false);
    if (container != null) {
      ScimValues.remove(container, target.attribute().name());
    }
  }

  // ---- checks ----

  /** A path to a readOnly attribute is a 400 mutability (RFC 7644 §3.5.2). */
  private static void checkWritable(PatchTarget target) {
    if (target.attribute().mutability() == Mutability.READ_ONLY) {
      throw ScimException.mutability(
          "Attribute '" + target.qualifiedName() + "' is readOnly and cannot be modified.");
    }
  }

  static boolean readOnly(PatchTarget target) {
    return target.attribute().mutability() == Mutability.READ_ONLY
        || (target.hasSub() && target.sub().mutability() == Mutability.READ_ONLY);
  }

  /** An immutable attribute that has a value keeps it (RFC 7643 §2.2). */
  private static void checkImmutable(
      PatchTarget target, AttributeDefinition definition, JsonNode current, JsonNode next) {
    if (definition.mutability() != Mutability.IMMUTABLE || absent(current)) {
      return;
    }
    if (next == null || !ScimValues.equal(definition, current, next)) {
      throw ScimException.mutability(
          "'"
              + definition.name()
              + "' of '"
              + target.text()
              + "' is immutable and already has a value.");
    }
  }

  // ---- values of multi-valued attributes ----

  private List<ObjectNode> selected(PatchTarget target) {
    List<ObjectNode> out = new ArrayList<>();
    ArrayNode current = array(target, false);
    if (current != null) {
      for (JsonNode element : current) {
        if (element.isObject() && target.selects().test(element)) {
          out.add((ObjectNode) element);
        }
      }
    }
    return out;
  }

  /** A value built from a filter of {@code eq} comparisons joined by {@code and}, if it is one. */
  private static Optional<ObjectNode> seed(AttributeDefinition attribute, Filter filter) {
    return filter.accept(new Seed(attribute));
  }

  /** The value an {@code and} of {@code eq} comparisons describes; empty for any other filter. */
  private record Seed(AttributeDefinition attribute)
      implements FilterVisitor<Optional<ObjectNode>> {
    @Override
    public Optional<ObjectNode> visitComparison(Filter.Comparison comparison) {
      if (comparison.op() != CompareOp.EQ || comparison.value().isNull()) {
        return Optional.empty();
      }
      String name =
          attribute
              .subAttribute(comparison.path().attribute())
              .map(AttributeDefinition::name)
              .orElse(comparison.path().attribute());
      return Optional.of(Json.object().set(name, comparison.value()));
    }

    @Override
    public Optional<ObjectNode> visitAnd(Filter.And and) {
      Optional<ObjectNode> left = and.left().accept(this);
      Optional<ObjectNode> right = and.right().accept(this);
      if (left.isEmpty() || right.isEmpty()) {
        return Optional.empty();
      }
      for (Map.Entry<String, JsonNode> field : right.get().properties()) {
        JsonNode other = left.get().get(field.getKey());
        if (other != null && !other.equals(field.getValue())) {
          return Optional.empty();
        }
        left.get().set(field.getKey(), field.getValue());
      }
      return left;
    }

    @Override
    public Optional<ObjectNode> visitOr(Filter.Or or) {
      return Optional.empty();
    }

    @Override
    public Optional<ObjectNode> visitNot(Filter.Not not) {
      return Optional.empty();
    }

    @Override
    public Optional<ObjectNode> visitPresent(Filter.Present present) {
      return Optional.empty();
    }

    @Override
    public Optional<ObjectNode> visitValuePath(Filter.ValuePath valuePath) {
      return Optional.empty();
    }
  }

  /**
   * Values of multi-valued complex attributes that refer to other resources ({@code members},
   * {@code groups}: they have {@code value} and {@code $ref}) are identified by their {@code
   * value}.
   */
  static boolean identifiedByValue(AttributeDefinition attribute) {
    return attribute.isComplex()
        && attribute.subAttribute("value").isPresent()
        && attribute.subAttribute("$ref").isPresent();
  }

  /** True when a single-valued reference (e.g. {@code manager}) is given another {@code value}. */
  private static boolean refersElsewhere(
      AttributeDefinition attribute, JsonNode current, JsonNode given) {
    if (!identifiedByValue(attribute)) {
      return false;
    }
    JsonNode next = ScimValues.member(given, "value");
    JsonNode was = ScimValues.member(current, "value");
    return next != null
        && !next.isNull()
        && !isEmptyString(next)
        && (was == null || !ScimValues.equal(attribute.subAttribute("value").get(), was, next));
  }

  private static boolean containsEqual(ArrayNode current, JsonNode value) {
    for (JsonNode element : current) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(
      AttributeDefinition attribute, ArrayNode current, JsonNode value) {
    for (JsonNode element : current) {
      if (identifiedByValue(attribute) && ScimValues.member(value, "value") != null
          ? matches(attribute, element, value)
          : element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code element} is the value {@code given} names: the same {@code value} for
   * references, otherwise the same value or the same given sub-attributes.
   */
  private static boolean matches(AttributeDefinition attribute, JsonNode element, JsonNode given) {
    if (!attribute.isComplex() || !given.isObject()) {
      return ScimValues.equal(attribute, element, given);
    }
    if (!element.isObject() || given.isEmpty()) {
      return false;
    }
    if (identifiedByValue(attribute) && ScimValues.member(given, "value") != null) {
      return sameSub(attribute, element, given, "value");
    }
    for (Map.Entry<String, JsonNode> field : given.properties()) {
      if (!sameSub(attribute, element, given, field.getKey())) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameSub(
      AttributeDefinition attribute, JsonNode element, JsonNode given, String name) {
    JsonNode a = ScimValues.member(element, name);
    JsonNode b = ScimValues.member(given, name);
    if (a == null || b == null) {
      return false;
    }
    return ScimValues.equal(attribute.subAttribute(name).orElse(attribute), a, b);
  }

  // ---- the document ----

  /** The object holding the attribute: the document, or its extension object. */
  private ObjectNode container(PatchTarget target, boolean create) {
    if (target.extension() == null) {
      return document;
    }
    JsonNode extension = ScimValues.member(document, target.extension());
    if (extension != null && extension.isObject()) {
      return (ObjectNode) extension;
    }
    if (!create) {
      return null;
    }
    ObjectNode created = Json.object();
    ScimValues.set(document, target.extension(), created);
    return created;
  }

  private ArrayNode array(PatchTarget target, boolean create) {
    ObjectNode container = container(target, create);
    String name = target.attribute().name();
    JsonNode current = ScimValues.member(container, name);
    if (current != null && current.isArray()) {
      return (ArrayNode) current;
    }
    if (!create) {
      return null;
    }
    ArrayNode created = Json.array();
    if (current != null && current.isObject()) {
      created.add(current);
    }
    ScimValues.set(container, name, created);
    return created;
  }

  /** Drops an attribute left empty, and an extension object left empty. */
  private void tidy(PatchTarget target) {
    ObjectNode container = container(target, false);
    if (container == null) {
      return;
    }
    if (!target.wholeExtension()) {
      JsonNode value = ScimValues.member(container, target.attribute().name());
      if (value != null && (value.isNull() || value.isContainerNode() && value.isEmpty())) {
        ScimValues.remove(container, target.attribute().name());
      }
    }
    if (target.extension() != null && container.isEmpty()) {
      ScimValues.remove(document, target.extension());
    }
  }

  private static boolean isEmptyString(JsonNode value) {
    return value != null && value.isTextual() && value.textValue().isEmpty();
  }

  private static boolean absent(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }
}
