package dev.scimserverless.core.filter;

import java.util.Locale;
import java.util.Optional;

/**
 * The comparison operators of RFC 7644 §3.4.2.2, Table 3 ({@code pr} is {@link Filter.Present}).
 */
public enum CompareOp {
  /** equal. */
  EQ,
  /** not equal. */
  NE,
  /** contains. */
  CO,
  /** starts with. */
  SW,
  /** ends with. */
  EW,
  /** greater than. */
  GT,
  /** greater than or equal to. */
  GE,
  /** less than. */
  LT,
  /** less than or equal to. */
  LE;

  /** The operator as written in a filter, e.g. {@code eq}. */
  public String scimName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The operator for a filter word, case-insensitively ({@code eq}, {@code EQ}, {@code Eq}). */
  public static Optional<CompareOp> fromScimName(String word) {
    for (CompareOp op : values()) {
      if (op.name().equalsIgnoreCase(word)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  /** True for the substring operators {@code co}, {@code sw} and {@code ew}. */
  public boolean isSubstring() {
    return this == CO || this == SW || this == EW;
  }
}
