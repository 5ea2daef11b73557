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
    filter.accept(new Printer(out));
    return out.toString();
  }

  /** Appends each node to {@code out}. */
  private record Printer(StringBuilder out) implements FilterVisitor<Void> {
    @Override
    public Void visitOr(Filter.Or or) {
      or.left().accept(this);
      out.append(" or ");
      grouped(or.right(), or.right() instanceof Filter.Or);
      return null;
    }

    @Override
    public Void visitAnd(Filter.And and) {
      grouped(and.left(), and.left() instanceof Filter.Or);
      out.append(" and ");
      grouped(and.right(), and.right() instanceof Filter.Or || and.right() instanceof Filter.And);
      return null;
    }

    @Override
    public Void visitNot(Filter.Not not) {
      out.append("not (");
      not.filter().accept(this);
      out.append(')');
      return null;
    }

    @Override
    public Void visitPresent(Filter.Present present) {
      out.append(present.path()).append(" pr");
      return null;
    }

    @Override
    public Void visitComparison(Filter.Comparison comparison) {
      out.append(comparison.path()).append(' ').append(comparison.op().scimName()).append(' ');
      appendValue(out, comparison.value());
      return null;
    }

    @Override
    public Void visitValuePath(Filter.ValuePath valuePath) {
      out.append(valuePath.path()).append('[');
      valuePath.filter().accept(this);
      out.append(']');
      return null;
    }

    private void grouped(Filter filter, boolean parenthesise) {
      if (parenthesise) {
        out.append('(');
        filter.accept(this);
        out.append(')');
      } else {
        filter.accept(this);
      }
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
