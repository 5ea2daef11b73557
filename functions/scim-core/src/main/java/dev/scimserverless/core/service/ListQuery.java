package dev.scimserverless.core.service;

import dev.scimserverless.core.error.ScimException;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a list or search request (RFC 7644 §3.4.2, §3.4.3; RFC 9865): filter, sorting,
 * projection, and one of two pagination methods: index paging ({@code startIndex}, 1-based, the
 * default) or cursor paging ({@code cursor}, empty for the first page).
 *
 * @param filter the filter text, not yet parsed
 * @param startIndex the 1-based index of the first result (index paging; 1 with cursor paging)
 * @param count the page size asked for, 0 or more; capped by {@link QueryLimits#pageSize}
 * @param sortBy the attribute path to sort by
 * @param descending whether {@code sortOrder=descending}
 * @param attributes the {@code attributes} parameter, comma-separated
 * @param excludedAttributes the {@code excludedAttributes} parameter, comma-separated
 * @param cursor present for cursor paging: empty text for the first page, else a {@code nextCursor}
 */
public record ListQuery(
    Optional<String> filter,
    int startIndex,
    Optional<Integer> count,
    Optional<String> sortBy,
    boolean descending,
    Optional<String> attributes,
    Optional<String> excludedAttributes,
    Optional<String> cursor) {

  public ListQuery {
    if (startIndex < 1) {
      throw new IllegalArgumentException("startIndex must be at least 1");
    }
  }

  /** Everything, first page, default size, no sorting or projection. */
  public static ListQuery all() {
    return new ListQuery(
        Optional.empty(),
        1,
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Reads the query string of GET /Users or /Groups (names case-insensitive). Lenient on values
   * IdPs send: a startIndex below 1 is 1, a negative count is 0, a sortOrder other than {@code
   * descending} is ascending.
   *
   * @throws ScimException 400 invalidValue when startIndex or count is not an integer, or when both
   *     startIndex and cursor are given
   */
  public static ListQuery fromQuery(Map<String, String> q) {
    String startIndex = get(q, "startIndex");
    String cursor = get(q, "cursor");
    if (cursor != null && nonBlank(startIndex).isPresent()) {
      throw bothPaginations();
    }
    return new ListQuery(
        nonBlank(get(q, "filter")),
        parseStartIndex(startIndex),
        nonBlank(get(q, "count")).map(ListQuery::parseCount),
        nonBlank(get(q, "sortBy")),
        isDescending(get(q, "sortOrder")),
        nonBlank(get(q, "attributes")),
        nonBlank(get(q, "excludedAttributes")),
        Optional.ofNullable(cursor).map(String::trim));
  }

  /** Whether this query asks for cursor paging. */
  public boolean cursorPaging() {
    return cursor.isPresent();
  }

  public ListQuery withFilter(Optional<String> value) {
    return new ListQuery(
        value, startIndex, count, sortBy, descending, attributes, excludedAttributes, cursor);
  }

  /** Index paging from {@code value} (drops a cursor). */
  public ListQuery withStartIndex(int value) {
    return new ListQuery(
        filter, value, count, sortBy, descending, attributes, excludedAttributes, Optional.empty());
  }

  public ListQuery withCount(int value) {
    return new ListQuery(
        filter,
        startIndex,
        Optional.of(value),
        sortBy,
        descending,
        attributes,
        excludedAttributes,
        cursor);
  }

  public ListQuery withSort(Optional<String> by, boolean isDescending) {
    return new ListQuery(
        filter, startIndex, count, by, isDescending, attributes, excludedAttributes, cursor);
  }

  /** Cursor paging from {@code value} (empty text: the first page). */
  public ListQuery withCursor(String value) {
    return new ListQuery(
        filter, 1, count, sortBy, descending, attributes, excludedAttributes, Optional.of(value));
  }

  static ScimException bothPaginations() {
    return ScimException.invalidValue(
        "Give either startIndex (index paging) or cursor (cursor paging, RFC 9865), not both.");
  }

  private static String get(Map<String, String> q, String name) {
    for (Map.Entry<String, String> e : q.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  /** {@code sortOrder}: only "descending" (any case) is descending (RFC 7644 §3.4.2.3). */
  public static boolean isDescending(String sortOrder) {
    return sortOrder != null && sortOrder.trim().equalsIgnoreCase("descending");
  }

  /** RFC 7644 §3.4.2.4: a startIndex below 1 is interpreted as 1. */
  public static int parseStartIndex(String s) {
    if (s == null || s.isBlank()) {
      return 1;
    }
    try {
      return Math.max(1, clampedInt(s));
    } catch (NumberFormatException e) {
      throw ScimException.invalidValue("startIndex must be an integer: '" + s + "'.");
    }
  }

  /** RFC 7644 §3.4.2.4: a negative count is interpreted as 0. */
  public static int parseCount(String s) {
    try {
      return Math.max(0, clampedInt(s));
    } catch (NumberFormatException e) {
      throw ScimException.invalidValue("count must be an integer: '" + s + "'.");
    }
  }

  /** An integer of any length, clamped into int range (a huge count is capped later anyway). */
  private static int clampedInt(String s) {
    java.math.BigInteger n = new java.math.BigInteger(s.trim());
    if (n.bitLength() < 32) {
      return n.intValue();
    }
    return n.signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
  }
}
