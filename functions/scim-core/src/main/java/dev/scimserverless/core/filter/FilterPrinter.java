package dev.scimserverless.core.filter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prints a {@link Filter} as canonical SCIM filter text: lower-case operators, single spaces, JSON
 * values, and parentheses only where precedence needs them, so that {@code
 * FilterParser.parse(FilterPrinter.print(f)).equals(f)}.
 */
public final class FilterPrinter {
  private FilterPrinter() {}

  /** The canonical text of a filter. */
  public static String print(Filter filter) {
    StringBuilder out = new StringBuilder();
    append(out, filter);
    return out.toString();
  }

  private static void append(StringBuilder out, Filter filter) {
    if (filter instanceof Filter.Or or) {
      append(out, or.left());
      out.append(" or ");
      appendGrouped(out, or.right(), or.right() instanceof Filter.Or);
    } else if (filter instanceof Filter.And and) {
      appendGrouped(out, and.left(), and.left() instanceof Filter.Or);
      out.append(" and ");
      appendGrouped(
          out, and.right(), and.right() instanceof Filter.Or || and.right() instanceof Filter.And);
    } else if (filter instanceof Filter.Not not) {
      out.append("not (");
      append(out, not.filter());
      out.append(')');
    } else if (filter instanceof Filter.Present present) {
      out.append(present.path()).append(" pr");
    } else if (filter instanceof Filter.Comparison comparison) {
      out.append(comparison.path()).append(' ').append(comparison.op().scimName()).append(' ');
      appendValue(out, comparison.value());
    } else if (filter instanceof Filter.ValuePath valuePath) {
      out.append(valuePath.path()).append('[');
      append(out, valuePath.filter());
      out.append(']');
    } else {
      throw new IllegalStateException("unknown filter " + filter.getClass());
    }
  }

  private static void appendGrouped(StringBuilder out, Filter filter, boolean parenthesise) {
    if (parenthesise) {
      out.append('(');
      append(out, filter);
      out.append(')');
    } else {
      append(out, filter);
    }
  }

  /** Appends a comparison value as JSON (strings quoted and escaped). */
  static void appendValue(StringBuilder out, JsonNode value) {
    if (value.isTextual()) {
      appendString(out, value.textValue());
    } else if (value.isBigDecimal()) {
      out.append(value.decimalValue().toString());
    } else {
      out.append(value.asText());
    }
  }

  /** Appends a JSON string literal. */
  static void appendString(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
