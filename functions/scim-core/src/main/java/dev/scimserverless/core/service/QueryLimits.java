package dev.scimserverless.core.service;

/**
 * The numbers that bound what one list or search request may cost (docs/data-model.md, "Query").
 *
 * @param defaultCount the page size when the request gives no {@code count}
 * @param maxResults the most resources one page returns; a larger {@code count} is capped to it
 * @param maxScanned the most resources one request reads to evaluate a filter that no key answers,
 *     or to sort by an attribute that no index orders: beyond it, index paging is a 400 {@code
 *     tooMany} and cursor paging stops the page early with a {@code nextCursor}
 * @param maxIndexSkip the most unique-key index entries one index-paged request walks past to reach
 *     its {@code startIndex} (entries are about 100 bytes, resources several hundred)
 */
public record QueryLimits(int defaultCount, int maxResults, int maxScanned, int maxIndexSkip) {
  /** This build's limits: pages of 100 (at most 200), 10,000 resources or 100,000 keys read. */
  public static final QueryLimits STANDARD =
      new QueryLimits(
          ServiceProviderConfig.STANDARD.defaultPageSize(),
          ServiceProviderConfig.STANDARD.maxResults(),
          10_000,
          100_000);

  public QueryLimits {
    if (defaultCount < 1 || maxResults < defaultCount || maxScanned < 1 || maxIndexSkip < 0) {
      throw new IllegalArgumentException("inconsistent query limits");
    }
  }

  /** The page size of a request: its count (0 or more), else the default, at most maxResults. */
  public int pageSize(java.util.Optional<Integer> requested) {
    return Math.min(Math.max(0, requested.orElse(defaultCount)), maxResults);
  }
}
