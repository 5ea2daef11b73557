package dev.scimserverless.core.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One page of a list or search (RFC 7644 §3.4.2, RFC 9865): the resources, the total number of
 * matches when known, and where the page is: the 1-based {@code startIndex} of index paging, or the
 * {@code nextCursor} of cursor paging (absent on the last page).
 *
 * @param resources the resources of this page
 * @param totalResults the number of matches over all pages; absent only for cursor pages of a
 *     filtered scan that did not read the whole collection (RFC 9865 §2 allows omitting it)
 * @param startIndex the index of the first resource, for index paging
 * @param nextCursor the cursor of the next page, for cursor paging; absent on the last page
 */
public record ListResult(
    List<ScimResource> resources,
    OptionalLong totalResults,
    OptionalInt startIndex,
    Optional<String> nextCursor) {

  public ListResult {
    resources = List.copyOf(resources);
    Objects.requireNonNull(totalResults, "totalResults");
    Objects.requireNonNull(startIndex, "startIndex");
    Objects.requireNonNull(nextCursor, "nextCursor");
  }

  /** A page of index paging. */
  public static ListResult indexPage(List<ScimResource> resources, long total, int startIndex) {
    return new ListResult(
        resources, OptionalLong.of(total), OptionalInt.of(startIndex), Optional.empty());
  }

  /** A page of cursor paging. */
  public static ListResult cursorPage(
      List<ScimResource> resources, OptionalLong total, Optional<String> nextCursor) {
    return new ListResult(resources, total, OptionalInt.empty(), nextCursor);
  }

  /** The same page with other resources (e.g. with computed attributes added). */
  public ListResult withResources(List<ScimResource> replacement) {
    return new ListResult(replacement, totalResults, startIndex, nextCursor);
  }

  /** Whether this is a page of cursor paging. */
  public boolean cursorPaging() {
    return startIndex.isEmpty();
  }
}
