package dev.scimserverless.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.AttributePath;
import dev.scimserverless.core.schema.AttributeResolver;
import dev.scimserverless.core.schema.AttributeType;
import dev.scimserverless.core.schema.ScimValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Matches resource documents against a {@link Filter} with the semantics of RFC 7644 §3.4.2.2:
 *
 * <ul>
 *   <li>a multi-valued attribute matches when any of its values matches; a complex attribute
 *       compared without sub-attribute ({@code emails co "x"}) compares its {@code value};
 *   <li>{@code pr}: present and not null, empty string, empty array or empty object;
 *   <li>strings honour {@code caseExact} (false: case-insensitive); {@code gt/ge/lt/le} order
 *       strings lexically, dateTimes chronologically and numbers numerically;
 *   <li>booleans allow only {@code eq/ne}; {@code co/sw/ew} need a string value and a string-like
 *       attribute; otherwise the filter is invalid (400 invalidFilter);
 *   <li>{@code eq null} matches an absent attribute and {@code ne null} a present one; {@code ne x}
 *       matches when the attribute is absent or any value differs from x;
 *   <li>an attribute the resolver does not know is compared by the JSON type of its values, strings
 *       case-insensitively (whether unknown attributes are errors is the caller's call).
 * </ul>
 *
 * Type errors are detected when the filter is {@link #compile compiled}, whatever the document;
 * evaluating a compiled filter never throws.
 */
public final class FilterEvaluator {
  private final AttributeResolver resolver;

  public FilterEvaluator(AttributeResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * True when the resource matches the filter.
   *
   * @throws ScimException invalidFilter when the filter compares an attribute in a way its type
   *     does not allow
   */
  public boolean matches(Filter filter, JsonNode resource) {
    return compile(filter).test(resource);
  }

  /**
   * Checks the filter against the attribute types and returns a predicate over resource documents,
   * to apply to many resources.
   *
   * @throws ScimException invalidFilter when the filter compares an attribute in a way its type
   *     does not allow
   */
  public Predicate<JsonNode> compile(Filter filter) {
    return compile(filter, null);
  }

  /**
   * Compiles {@code filter}; {@code parent} is the attribute of an enclosing value path, or null.
   */
  private Predicate<JsonNode> compile(Filter filter, AttributePath parent) {
    return filter.accept(new Compiler(parent));
  }

  /** Compiles one node; {@code parent} is the attribute of an enclosing value path, or null. */
  private final class Compiler implements FilterVisitor<Predicate<JsonNode>> {
    private final AttributePath parent;

    Compiler(AttributePath parent) {
      this.parent = parent;
    }

    @Override
    public Predicate<JsonNode> visitAnd(Filter.And and) {
      return and.left().accept(this).and(and.right().accept(this));
    }

    @Override
    public Predicate<JsonNode> visitOr(Filter.Or or) {
      return or.left().accept(this).or(or.right().accept(this));
    }

    @Override
    public Predicate<JsonNode> visitNot(Filter.Not not) {
      return not.filter().accept(this).negate();
    }

    @Override
    public Predicate<JsonNode> visitPresent(Filter.Present present) {
      AttributePath path = checkRelative(present.path(), parent);
      return resource -> anyPresent(ResourceValues.find(resource, path));
    }

    @Override
    public Predicate<JsonNode> visitComparison(Filter.Comparison comparison) {
      return comparison(comparison, parent);
    }

    @Override
    public Predicate<JsonNode> visitValuePath(Filter.ValuePath valuePath) {
      return valuePath(valuePath, parent);
    }
  }

  private Predicate<JsonNode> valuePath(Filter.ValuePath valuePath, AttributePath parent) {
    AttributePath path = valuePath.path();
    if (parent != null) {
      throw ScimException.invalidFilter(
          "Value filters cannot be nested: '" + path + "[...]' inside '" + parent + "[...]'");
    }
    if (path.subAttribute() != null) {
      throw ScimException.invalidFilter(
          "A value filter applies to an attribute, not to the sub-attribute '" + path + "'");
    }
    Predicate<JsonNode> inner = compile(valuePath.filter(), path);
    return resource -> {
      for (JsonNode value : ResourceValues.find(resource, path)) {
        if (value.isObject() && inner.test(value)) {
          return true;
        }
      }
      return false;
    };
  }

  /** Inside a value path, paths are a bare sub-attribute name of the enclosing attribute. */
  private static AttributePath checkRelative(AttributePath path, AttributePath parent) {
    if (parent != null && (path.schemaUrn() != null || path.subAttribute() != null)) {
      throw ScimException.invalidFilter(
          "Inside '"
              + parent
              + "[...]' an attribute path names a sub-attribute of '"
              + parent
              + "'; '"
              + path
              + "' cannot have a schema URN or a sub-attribute");
    }
    return path;
  }

  private Predicate<JsonNode> comparison(Filter.Comparison comparison, AttributePath parent) {
    AttributePath path = checkRelative(comparison.path(), parent);
    AttributePath definitionPath = parent == null ? path : parent.withSub(path.attribute());
    Optional<AttributeDefinition> definition = resolver.resolve(definitionPath);
    if (definition.isPresent()
        && definition.get().isComplex()
        && definitionPath.subAttribute() == null) {
      definition = resolver.resolve(definitionPath.withSub("value"));
    }
    CompareOp op = comparison.op();
    JsonNode value = comparison.value();
    String name = definitionPath.toString();

    if (value.isNull()) {
      if (op == CompareOp.EQ) {
        return resource -> !anyPresent(ResourceValues.find(resource, path));
      }
      if (op == CompareOp.NE) {
        return resource -> anyPresent(ResourceValues.find(resource, path));
      }
      throw ScimException.invalidFilter(
          "The operator '"
              + op.scimName()
              + "' cannot compare '"
              + name
              + "' with null; only eq and ne can");
    }
    if (op.isSubstring() && !value.isTextual()) {
      throw ScimException.invalidFilter(
          "The operator '"
              + op.scimName()
              + "' compares strings; "
              + value
              + " given for '"
              + name
              + "' is not a string");
    }
    if (op == CompareOp.NE) {
      Predicate<JsonNode> equal = valueTest(definition, CompareOp.EQ, value, name);
      return resource -> {
        List<JsonNode> values = comparableValues(resource, path);
        return values.isEmpty() || !values.stream().allMatch(equal);
      };
    }
    Predicate<JsonNode> test = valueTest(definition, op, value, name);
    return resource -> comparableValues(resource, path).stream().anyMatch(test);
  }

  /** The values to compare: a complex value stands for its {@code value} sub-attribute. */
  private static List<JsonNode> comparableValues(JsonNode resource, AttributePath path) {
    List<JsonNode> found = ResourceValues.find(resource, path);
    List<JsonNode> out = new ArrayList<>(found.size());
    for (JsonNode node : found) {
      if (node.isObject()) {
        JsonNode inner = ScimValues.member(node, "value");
        if (inner != null && !inner.isNull()) {
          out.add(inner);
        }
      } else {
        out.add(node);
      }
    }
    return out;
  }

  private static boolean anyPresent(List<JsonNode> values) {
    for (JsonNode value : values) {
      if (ResourceValues.isPresent(value)) {
        return true;
      }
    }
    return false;
  }

  // One value against the filter value, by attribute type ---------------------------------------

  private static Predicate<JsonNode> valueTest(
      Optional<AttributeDefinition> definition, CompareOp op, JsonNode value, String name) {
    AttributeType type = definition.map(AttributeDefinition::type).orElse(null);
    boolean caseExact = definition.map(AttributeDefinition::caseExact).orElse(false);
    if (type == null || type == AttributeType.COMPLEX) {
      return dynamicTest(op, value, name);
    }
    switch (type) {
      case BOOLEAN:
        return booleanTest(op, booleanValue(value, name), name);
      case INTEGER:
      case DECIMAL:
        if (op.isSubstring()) {
          throw ScimException.invalidFilter(
              "The operator '" + op.scimName() + "' compares strings; '" + name + "' is a number");
        }
        return numberTest(op, numberValue(value, name));
      case DATE_TIME:
        if (op.isSubstring()) {
          return stringTest(op, value.textValue(), caseExact);
        }
        return dateTimeTest(op, dateTimeValue(value, name));
      default:
        if (!value.isTextual()) {
          throw ScimException.invalidFilter(
              "'"
                  + name
                  + "' is a "
                  + type.scimName()
                  + "; compare it with a quoted string, not "
                  + value);
        }
        return stringTest(op, value.textValue(), caseExact);
    }
  }

  /** An attribute of unknown type: compare by the JSON type of the filter value. */
  private static Predicate<JsonNode> dynamicTest(CompareOp op, JsonNode value, String name) {
    if (value.isBoolean()) {
      return booleanTest(op, value.booleanValue(), name);
    }
    if (value.isNumber()) {
      return numberTest(op, value.decimalValue());
    }
    return stringTest(op, value.textValue(), false);
  }

  private static Predicate<JsonNode> stringTest(CompareOp op, String expected, boolean caseExact) {
    String needle = caseExact ? expected : ScimValues.fold(expected);
    return node -> {
      if (!node.isTextual()) {
        return false;
      }
      String hay = caseExact ? node.textValue() : ScimValues.fold(node.textValue());
      switch (op) {
        case CO:
          return hay.contains(needle);
        case SW:
          return hay.startsWith(needle);
        case EW:
          return hay.endsWith(needle);
        default:
          return holds(op, hay.compareTo(needle));
      }
    };
  }

  private static Predicate<JsonNode> booleanTest(CompareOp op, boolean expected, String name) {
    if (op != CompareOp.EQ && op != CompareOp.NE) {
      throw ScimException.invalidFilter(
          "The operator '"
              + op.scimName()
              + "' is not defined for booleans ('"
              + name
              + "'); use eq or ne");
    }
    return node -> node.isBoolean() && holds(op, node.booleanValue() == expected ? 0 : 1);
  }

  private static Predicate<JsonNode> numberTest(CompareOp op, BigDecimal expected) {
    return node -> {
      if (!node.isNumber()) {
        return false;
      }
      try {
        return holds(op, node.decimalValue().compareTo(expected));
      } catch (NumberFormatException notFinite) {
        return false;
      }
    };
  }

  private static Predicate<JsonNode> dateTimeTest(CompareOp op, Instant expected) {
    return node -> {
      if (!node.isTextual()) {
        return false;
      }
      Optional<Instant> actual = ScimValues.instant(node.textValue());
      return actual.isPresent() && holds(op, actual.get().compareTo(expected));
    };
  }

  private static boolean holds(CompareOp op, int comparison) {
    switch (op) {
      case EQ:
        return comparison == 0;
      case NE:
        return comparison != 0;
      case GT:
        return comparison > 0;
      case GE:
        return comparison >= 0;
      case LT:
        return comparison < 0;
      case LE:
        return comparison <= 0;
      default:
        throw new IllegalStateException("not an ordering operator: " + op);
    }
  }

  // Filter values coerced to the attribute type -------------------------------------------------

  private static boolean booleanValue(JsonNode value, String name) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual() && value.textValue().equalsIgnoreCase("true")) {
      return true;
    }
    if (value.isTextual() && value.textValue().equalsIgnoreCase("false")) {
      return false;
    }
    throw ScimException.invalidFilter(
        "'" + name + "' is a boolean; compare it with true or false, not " + value);
  }

  private static BigDecimal numberValue(JsonNode value, String name) {
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual() && FilterLexer.isJsonNumber(value.textValue().trim())) {
      try {
        return new BigDecimal(value.textValue().trim());
      } catch (NumberFormatException outOfRange) {
        // reported below
      }
    }
    throw ScimException.invalidFilter(
        "'" + name + "' is a number; compare it with a number, not " + value);
  }

  private static Instant dateTimeValue(JsonNode value, String name) {
    Optional<Instant> instant =
        value.isTextual() ? ScimValues.instant(value.textValue().trim()) : Optional.empty();
    return instant.orElseThrow(
        () ->
            ScimException.invalidFilter(
                "'"
                    + name
                    + "' is a dateTime; compare it with a string such as"
                    + " \"2011-05-13T04:42:34Z\", not "
                    + value));
  }
}
