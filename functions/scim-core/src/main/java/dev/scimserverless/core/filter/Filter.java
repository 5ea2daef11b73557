package dev.scimserverless.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.schema.AttributePath;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A SCIM filter (RFC 7644 §3.4.2.2) as a syntax tree. Parse text with {@link FilterParser#parse},
 * print it back with {@link #toString()} (canonical SCIM text that parses to an equal tree) and
 * match resources with {@link FilterEvaluator}; walk it with a {@link FilterVisitor}.
 */
public sealed interface Filter
    permits Filter.And, Filter.Or, Filter.Not, Filter.Comparison, Filter.Present, Filter.ValuePath {

  /** The walk of {@code visitor} on this node: calls the visitor's method for its kind. */
  <R> R accept(FilterVisitor<R> visitor);

  /** {@code left and right}. */
  record And(Filter left, Filter right) implements Filter {
    public And {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
      return visitor.visitAnd(this);
    }

    @Override
    public String toString() {
      return FilterPrinter.print(this);
    }
  }

  /** {@code left or right}. */
  record Or(Filter left, Filter right) implements Filter {
    public Or {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
      return visitor.visitOr(this);
    }

    @Override
    public String toString() {
      return FilterPrinter.print(this);
    }
  }

  /** {@code not (filter)}. */
  record Not(Filter filter) implements Filter {
    public Not {
      Objects.requireNonNull(filter, "filter");
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
      return visitor.visitNot(this);
    }

    @Override
    public String toString() {
      return FilterPrinter.print(this);
    }
  }

  /**
   * {@code path op value}, e.g. {@code userName eq "bjensen"}. The value is a {@link TextNode},
   * {@link BooleanNode}, {@link NullNode} or a number; numbers are normalised (a {@link LongNode}
   * when integral and within range, otherwise a {@link DecimalNode} without trailing zeros) so that
   * equal numbers give equal comparisons. A Java null value becomes {@link NullNode}.
   */
  record Comparison(AttributePath path, CompareOp op, JsonNode value) implements Filter {
    public Comparison {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(op, "op");
      value = normalise(value);
    }

    /** Convenience for a string comparison. */
    public static Comparison of(AttributePath path, CompareOp op, String value) {
      return new Comparison(
          path, op, value == null ? NullNode.getInstance() : TextNode.valueOf(value));
    }

    static JsonNode normalise(JsonNode value) {
      if (value == null || value.isNull() || value.isMissingNode()) {
        return NullNode.getInstance();
      }
      if (value.isTextual()) {
        return value instanceof TextNode ? value : TextNode.valueOf(value.textValue());
      }
      if (value.isBoolean()) {
        return BooleanNode.valueOf(value.booleanValue());
      }
      if (value.isNumber()) {
        BigDecimal decimal;
        try {
          decimal = value.decimalValue();
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a finite number: " + value, e);
        }
        return normaliseNumber(decimal);
      }
      throw new IllegalArgumentException(
          "a comparison value is a string, number, boolean or null, not " + value.getNodeType());
    }

    static JsonNode normaliseNumber(BigDecimal decimal) {
      BigDecimal stripped = decimal.stripTrailingZeros();
      long integerDigits = (long) stripped.precision() - stripped.scale();
      if (stripped.scale() <= 0 && integerDigits <= 19) {
        try {
          return LongNode.valueOf(stripped.longValueExact());
        } catch (ArithmeticException outOfLongRange) {
          // falls through to a decimal
        }
      }
      return DecimalNode.valueOf(stripped);
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
      return visitor.visitComparison(this);
    }

    @Override
    public String toString() {
      return FilterPrinter.print(this);
    }
  }

  /** {@code path pr}: the attribute has a non-empty value. */
  record Present(AttributePath path) implements Filter {
    public Present {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
      return visitor.visitPresent(this);
    }

    @Override
    public String toString() {
      return FilterPrinter.print(this);
    }
  }

  /**
   * {@code path[filter]}, e.g. {@code emails[type eq "work"]}: some value of the (usually
   * multi-valued complex) attribute matches the inner filter, whose paths name sub-attributes of
   * {@code path} ({@code type}).
   */
  record ValuePath(AttributePath path, Filter filter) implements Filter {
    public ValuePath {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(filter, "filter");
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
      return visitor.visitValuePath(this);
    }

    @Override
    public String toString() {
      return FilterPrinter.print(this);
    }
  }
}
