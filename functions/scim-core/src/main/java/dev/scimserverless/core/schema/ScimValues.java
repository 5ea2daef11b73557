package dev.scimserverless.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What SCIM values mean, in one place (RFC 7643 §2, RFC 7644 §3.4.2.2): members by name
 * case-insensitively, equality by attribute definition, {@code primary}, and dateTimes as instants.
 * The resource reader, PATCH, filter evaluation and sorting all ask here.
 *
 * <ul>
 *   <li><b>names</b>: attribute and sub-attribute names are case-insensitive (§2.1): {@link
 *       #member} finds the exact name first, then any case; {@link #set} and {@link #remove}
 *       replace or drop every case of a name;
 *   <li><b>equality</b> ({@link #equal}): strings honour {@code caseExact} (false: equal when their
 *       {@linkplain #fold folds} are), numbers compare numerically ({@code 1} = {@code 1.0}),
 *       dateTimes as instants ({@code 2015-09-01T12:00:00Z} = {@code 2015-09-01T14:00:00+02:00}),
 *       complex values member by member with their sub-attribute definitions, multi-valued values
 *       element by element;
 *   <li><b>primary</b> (§2.4): at most one value of a multi-valued attribute has {@code primary:
 *       true}; when a new primary arrives the others lose it ({@link #onePrimary}), and a
 *       multi-valued attribute stands for its primary value, else its first ({@link
 *       #primaryOrFirst}).
 * </ul>
 */
public final class ScimValues {
  /** The longest text read as a dateTime (longer ones are not one: bounded parsing). */
  static final int MAX_DATE_TIME_LENGTH = 128;

  private static final String PRIMARY = "primary";

  private ScimValues() {}

  // ---- members by name ----

  /**
   * The member called {@code name} in any case (the exact name first); null when absent or when
   * {@code object} is not an object.
   */
  public static JsonNode member(JsonNode object, String name) {
    if (object == null || !object.isObject()) {
      return null;
    }
    JsonNode exact = object.get(name);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (field.getKey().equalsIgnoreCase(name)) {
        return field.getValue();
      }
    }
    return null;
  }

  /** Sets {@code name}, replacing a member of the same name in another case. */
  public static void set(ObjectNode object, String name, JsonNode value) {
    removeOtherCases(object, name);
    object.set(name, value);
  }

  /** Removes the member called {@code name} in any case. */
  public static void remove(ObjectNode object, String name) {
    object.remove(name);
    removeOtherCases(object, name);
  }

  private static void removeOtherCases(ObjectNode object, String name) {
    List<String> others = new ArrayList<>();
    object
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!key.equals(name) && key.equalsIgnoreCase(name)) {
                others.add(key);
              }
            });
    object.remove(others);
  }

  // ---- equality ----

  /**
   * The case fold of text that is not {@code caseExact}: lower case in the root locale, the one
   * fold of equality here, filter comparisons, sorting and unique keys (whose index holds the
   * folded value), so that they never disagree on which strings are the same.
   */
  public static String fold(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code a} and {@code b} are the same value of the attribute {@code definition} (both
   * non-null nodes in stored form).
   */
  public static boolean equal(AttributeDefinition definition, JsonNode a, JsonNode b) {
    if (a.isArray() || b.isArray()) {
      if (!a.isArray() || !b.isArray() || a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(definition, a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject() && definition.isComplex()) {
      return equalComplex(definition, a, b);
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isTextual() && b.isTextual()) {
      if (definition.type() == AttributeType.DATE_TIME) {
        Optional<Instant> x = instant(a.textValue());
        Optional<Instant> y = instant(b.textValue());
        if (x.isPresent() && y.isPresent()) {
          return x.get().equals(y.get());
        }
      }
      return definition.caseExact()
          ? a.textValue().equals(b.textValue())
          : fold(a.textValue()).equals(fold(b.textValue()));
    }
    return a.equals(b);
  }

  /** Complex values: the same present members (any case), each equal by its sub-attribute. */
  private static boolean equalComplex(AttributeDefinition definition, JsonNode a, JsonNode b) {
    if (!coveredBy(a, b) || !coveredBy(b, a)) {
      return false;
    }
    for (Map.Entry<String, JsonNode> field : a.properties()) {
      if (field.getValue().isNull()) {
        continue;
      }
      AttributeDefinition sub = definition.subAttribute(field.getKey()).orElse(null);
      JsonNode other = member(b, field.getKey());
      if (sub == null ? !field.getValue().equals(other) : !equal(sub, field.getValue(), other)) {
        return false;
      }
    }
    return true;
  }

  /** Every non-null member of {@code a} has a non-null member of the same name in {@code b}. */
  private static boolean coveredBy(JsonNode a, JsonNode b) {
    for (Map.Entry<String, JsonNode> field : a.properties()) {
      if (!field.getValue().isNull()) {
        JsonNode other = member(b, field.getKey());
        if (other == null || other.isNull()) {
          return false;
        }
      }
    }
    return true;
  }

  // ---- primary ----

  /** Whether a value of a multi-valued complex attribute is the primary one. */
  public static boolean isPrimary(JsonNode value) {
    JsonNode primary = member(value, PRIMARY);
    return primary != null && primary.isBoolean() && primary.booleanValue();
  }

  /**
   * The value a multi-valued attribute stands for (sorting, RFC 7644 §3.4.2.3): its primary value,
   * else its first; a single value is itself; null for an empty array or null.
   */
  public static JsonNode primaryOrFirst(JsonNode value) {
    if (value == null || !value.isArray()) {
      return value;
    }
    for (JsonNode element : value) {
      if (isPrimary(element)) {
        return element;
      }
    }
    return value.isEmpty() ? null : value.get(0);
  }

  /**
   * At most one primary value (RFC 7643 §2.4): the first primary of {@code arrived} (the values an
   * operation just wrote) wins, else the first primary of {@code values}; every other loses {@code
   * primary}. Nothing happens when the attribute has no {@code primary} sub-attribute.
   *
   * @param values the attribute's values, changed in place
   * @param arrived the values just written (elements of {@code values}), in order; may be empty
   */
  public static void onePrimary(
      AttributeDefinition definition, ArrayNode values, List<JsonNode> arrived) {
    if (values == null || !definition.isComplex() || definition.subAttribute(PRIMARY).isEmpty()) {
      return;
    }
    JsonNode winner = null;
    for (JsonNode element : arrived) {
      if (isPrimary(element)) {
        winner = element;
        break;
      }
    }
    for (JsonNode element : values) {
      if (isPrimary(element)) {
        if (winner == null) {
          winner = element;
        } else if (element != winner) {
          set((ObjectNode) element, PRIMARY, BooleanNode.FALSE);
        }
      }
    }
  }

  // ---- dateTime ----

  /**
   * An xsd:dateTime / ISO-8601 date-time ({@code 2011-05-13T04:42:34Z}, with optional fraction and
   * offset; without offset it is UTC) as an instant; empty when it is not one.
   */
  public static Optional<Instant> instant(String text) {
    if (text == null || text.length() > MAX_DATE_TIME_LENGTH) {
      return Optional.empty();
    }
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
      if (parsed instanceof ZonedDateTime zoned) {
        return Optional.of(zoned.toInstant());
      }
      return Optional.of(((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
    } catch (DateTimeException malformed) {
      return Optional.empty();
    }
  }
}
