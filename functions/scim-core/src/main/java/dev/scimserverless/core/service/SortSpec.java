package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.FilterParser;
import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.AttributePath;
import dev.scimserverless.core.schema.AttributeResolver;
import dev.scimserverless.core.schema.AttributeType;
import dev.scimserverless.core.schema.ScimValues;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Locale;

/**
 * {@code sortBy} and {@code sortOrder} (RFC 7644 §3.4.2.3) for one resource type: which value of a
 * resource it sorts by, and the order.
 *
 * <ul>
 *   <li>strings compare by Unicode code point, lower-cased first when the attribute is not {@code
 *       caseExact} (so {@code userName} sorts exactly as its unique-key index, which holds the
 *       lower-cased value in DynamoDB's byte order); numbers numerically; dateTimes
 *       chronologically; {@code false} before {@code true};
 *   <li>a multi-valued attribute sorts by its {@code primary} value, else its first; a complex
 *       attribute named without sub-attribute by its {@code value} sub-attribute (an error when it
 *       has none);
 *   <li>a resource without a value sorts last when ascending and first when descending;
 *   <li>ties are broken by id, so that the order is total and stable across pages.
 * </ul>
 */
public final class SortSpec {
  private final AttributePath path;
  private final AttributeType type;
  private final boolean caseExact;
  private final boolean descending;

  private SortSpec(AttributePath path, AttributeType type, boolean caseExact, boolean descending) {
    this.path = path;
    this.type = type;
    this.caseExact = caseExact;
    this.descending = descending;
  }

  /**
   * The sort of {@code sortBy} on the type the resolver knows.
   *
   * @throws ScimException 400 invalidValue when {@code sortBy} is not an attribute path of the
   *     type, or names a complex attribute without {@code value}
   */
  public static SortSpec of(String sortBy, boolean descending, AttributeResolver resolver) {
    AttributePath path;
    try {
      path = FilterParser.attributePath(sortBy.trim());
    } catch (ScimException e) {
      throw ScimException.invalidValue("sortBy is not an attribute path: " + e.detail());
    }
    AttributeDefinition definition =
        resolver
            .resolve(path)
            .orElseThrow(
                () ->
                    ScimException.invalidValue(
                        "sortBy names no attribute of this resource type: '" + sortBy + "'."));
    if (definition.isComplex()) {
      if (definition.subAttribute("value").isEmpty()) {
        throw ScimException.invalidValue(
            "sortBy must name a sub-attribute of the complex attribute '"
                + path
                + "', e.g. '"
                + path.attribute()
                + "."
                + definition.subAttributes().stream()
                    .findFirst()
                    .map(AttributeDefinition::name)
                    .orElse("value")
                + "'.");
      }
      path = path.withSub("value");
      definition = definition.subAttribute("value").get();
    }
    return new SortSpec(path, definition.type(), definition.caseExact(), descending);
  }

  public AttributePath path() {
    return path;
  }

  public boolean descending() {
    return descending;
  }

  /** Whether this sorts by a top-level core attribute, e.g. the type's unique attribute. */
  public boolean isCoreAttribute(String name, String coreSchema) {
    return path.subAttribute() == null
        && path.attribute().equalsIgnoreCase(name)
        && (path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(coreSchema));
  }

  /**
   * The value a resource (its full JSON, with {@code meta}) sorts by, normalised: text (lower-cased
   * unless caseExact), a decimal (numbers; dateTimes as epoch seconds), a boolean, or {@link
   * NullNode} when the resource has none.
   */
  public JsonNode key(JsonNode resource) {
    JsonNode raw = find(resource);
    if (raw == null || raw.isNull() || raw.isMissingNode()) {
      return NullNode.getInstance();
    }
    switch (type) {
      case BOOLEAN:
        return raw.isBoolean() ? raw : NullNode.getInstance();
      case INTEGER:
      case DECIMAL:
        return raw.isNumber() ? DecimalNode.valueOf(raw.decimalValue()) : NullNode.getInstance();
      case DATE_TIME:
        return raw.isTextual() ? epochSeconds(raw.textValue()) : NullNode.getInstance();
      default:
        if (!raw.isTextual() || raw.textValue().isEmpty()) {
          return NullNode.getInstance();
        }
        return TextNode.valueOf(caseExact ? raw.textValue() : ScimValues.fold(raw.textValue()));
    }
  }

  /** Orders sort positions: by key (absent last), then id; reversed when descending. */
  public Comparator<SortPosition> order() {
    return descending ? SortPosition.ASCENDING.reversed() : SortPosition.ASCENDING;
  }

  /** The value at the path: the primary (else first) element of a multi-valued attribute. */
  private JsonNode find(JsonNode resource) {
    JsonNode container = resource;
    if (path.schemaUrn() != null
        && !path.schemaUrn()
            .toLowerCase(Locale.ROOT)
            .startsWith("urn:ietf:params:scim:schemas:core:")) {
      container = ScimValues.member(resource, path.schemaUrn());
    }
    JsonNode node = ScimValues.primaryOrFirst(ScimValues.member(container, path.attribute()));
    if (path.subAttribute() != null) {
      node = ScimValues.primaryOrFirst(ScimValues.member(node, path.subAttribute()));
    }
    return node;
  }

  private static JsonNode epochSeconds(String text) {
    return ScimValues.instant(text)
        .<JsonNode>map(
            instant ->
                DecimalNode.valueOf(
                    BigDecimal.valueOf(instant.getEpochSecond())
                        .add(BigDecimal.valueOf(instant.getNano(), 9))
                        .stripTrailingZeros()))
        .orElse(NullNode.getInstance());
  }

  /**
   * Where a resource stands in a sorted list: its normalised sort value ({@link NullNode} when it
   * has none, or when the list is in id order) and its id.
   */
  public record SortPosition(JsonNode key, String id) {
    /** Ascending: absent values last, then by id; ids and text by Unicode code point. */
    public static final Comparator<SortPosition> ASCENDING =
        Comparator.comparing(SortPosition::key, SortSpec::compareKeys)
            .thenComparing(SortPosition::id, SortSpec::compareCodePoints);
  }

  /** Compares two normalised keys; absent ({@code null} node) is greater than any value. */
  static int compareKeys(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    switch (ra) {
      case 0:
        return Boolean.compare(a.booleanValue(), b.booleanValue());
      case 1:
        return a.decimalValue().compareTo(b.decimalValue());
      case 2:
        return compareCodePoints(a.textValue(), b.textValue());
      default:
        return 0;
    }
  }

  private static int rank(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return 3;
    }
    if (n.isBoolean()) {
      return 0;
    }
    if (n.isNumber()) {
      return 1;
    }
    return 2;
  }

  /** Unicode code point order (UTF-8 byte order, as DynamoDB orders string keys). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
