package dev.scimserverless.core.service;

import dev.scimserverless.core.error.ScimException;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a list or search request (RFC 7644 §3.4.2): filter, 1-based startIndex and
 * count, sorting and projection.
 */
public record ListQuery(
    Optional<String> filter,
    int startIndex,
    Optional<Integer> count,
    Optional<String> sortBy,
    boolean descending,
    Optional<String> attributes,
    Optional<String> excludedAttributes) {

  /** Reads the query string of GET /Users or /Groups. Lenient on values IdPs send. */
  public static ListQuery fromQuery(Map<String, String> q) {
    return new ListQuery(
        nonBlank(get(q, "filter")),
        parseStartIndex(get(q, "startIndex")),
        nonBlank(get(q, "count")).map(ListQuery::parseCount),
        nonBlank(get(q, "sortBy")),
        nonBlank(get(q, "sortOrder")).map(s -> s.equalsIgnoreCase("descending")).orElse(false),
        nonBlank(get(q, "attributes")),
        nonBlank(get(q, "excludedAttributes")));
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

  /** RFC 7644 §3.4.2.4: a startIndex below 1 is interpreted as 1. */
  static int parseStartIndex(String s) {
    if (s == null || s.isBlank()) {
      return 1;
    }
    try {
      return Math.max(1, Integer.parseInt(s.trim()));
    } catch (NumberFormatException e) {
      throw ScimException.invalidValue("startIndex must be an integer: '" + s + "'.");
    }
  }

  /** RFC 7644 §3.4.2.4: a negative count is interpreted as 0. */
  static int parseCount(String s) {
    try {
      return Math.max(0, Integer.parseInt(s.trim()));
    } catch (NumberFormatException e) {
      throw ScimException.invalidValue("count must be an integer: '" + s + "'.");
    }
  }
}
