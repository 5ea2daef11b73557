package dev.scimserverless.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The Runscope comparisons the Okta suite uses, each a test of an actual JSON value against a
 * target string. Where Runscope is lenient about types, these are strict (a numeric string is not a
 * number): they can only fail where Runscope might pass, never the reverse.
 */
public enum Comparison {
  /** The actual value, as text, equals the target ({@code true}, {@code 0}, {@code "abc"}). */
  EQUAL("equal", true) {
    @Override
    boolean holds(JsonNode actual, String target) {
      return isPresent(actual) && text(actual).equals(target);
    }
  },
  /** The actual value is a number numerically equal to the target. */
  EQUAL_NUMBER("equal_number", true) {
    @Override
    boolean holds(JsonNode actual, String target) {
      BigDecimal expected = number(target);
      return actual.isNumber() && actual.decimalValue().compareTo(expected) == 0;
    }
  },
  /** The actual value is a number below the target. */
  IS_LESS_THAN("is_less_than", true) {
    @Override
    boolean holds(JsonNode actual, String target) {
      BigDecimal limit = number(target);
      return actual.isNumber() && actual.decimalValue().compareTo(limit) < 0;
    }
  },
  /** The actual value is a JSON number. */
  IS_A_NUMBER("is_a_number", false) {
    @Override
    boolean holds(JsonNode actual, String target) {
      return actual.isNumber();
    }
  },
  /** The actual value exists and is not null, an empty string, an empty array or object. */
  NOT_EMPTY("not_empty", false) {
    @Override
    boolean holds(JsonNode actual, String target) {
      if (!isPresent(actual)) {
        return false;
      }
      if (actual.isTextual()) {
        return !actual.textValue().isEmpty();
      }
      return !actual.isContainerNode() || actual.size() > 0;
    }
  },
  /** The actual value is an array or object with a scalar member whose text is the target. */
  HAS_VALUE("has_value", true) {
    @Override
    boolean holds(JsonNode actual, String target) {
      if (!actual.isContainerNode()) {
        return false;
      }
      for (JsonNode member : actual) {
        if (member.isValueNode() && text(member).equals(target)) {
          return true;
        }
      }
      return false;
    }
  },
  /**
   * The target is in the actual value: a substring of a string, an element (by text) of an array, a
   * key of an object.
   */
  CONTAINS("contains", true) {
    @Override
    boolean holds(JsonNode actual, String target) {
      if (actual.isArray()) {
        return HAS_VALUE.holds(actual, target);
      }
      if (actual.isObject()) {
        for (Iterator<String> names = actual.fieldNames(); names.hasNext(); ) {
          if (names.next().equals(target)) {
            return true;
          }
        }
        return false;
      }
      return isPresent(actual) && text(actual).contains(target);
    }
  };

  private final String code;
  private final boolean needsTarget;

  Comparison(String code, boolean needsTarget) {
    this.code = code;
    this.needsTarget = needsTarget;
  }

  /** The name used in the export. */
  public String code() {
    return code;
  }

  /** Whether the comparison uses the assertion's target value. */
  public boolean needsTarget() {
    return needsTarget;
  }

  /** The comparison with this export name; an unknown one is an error, never ignored. */
  public static Comparison of(String code) {
    return Arrays.stream(values())
        .filter(c -> c.code.equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown Runscope comparison '"
                        + code
                        + "': the runner does not implement it"));
  }

  /**
   * Whether the actual value passes against the (resolved) target.
   *
   * @param actual the actual value, a missing node when absent
   * @param target the target value, null for comparisons without one
   */
  public boolean test(JsonNode actual, String target) {
    if (needsTarget && target == null) {
      throw new IllegalArgumentException(code + " needs a target value");
    }
    return holds(actual, target);
  }

  abstract boolean holds(JsonNode actual, String target);

  private static boolean isPresent(JsonNode node) {
    return node != null && !node.isMissingNode() && !node.isNull();
  }

  private static BigDecimal number(String target) {
    try {
      return new BigDecimal(target.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Target '" + target + "' is not a number", e);
    }
  }

  /** The value as an assertion reads it: strings unquoted, everything else as JSON. */
  public static String text(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "(absent)";
    }
    return node.isTextual() ? node.textValue() : node.toString();
  }
}
