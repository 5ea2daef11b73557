package dev.scimserverless.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What to read from the provisioning log: newest first, at most {@code limit}, continuing after
 * {@code cursor} (from the previous page) when given.
 *
 * @param outcome only failures, only successes, or both
 * @param status only this HTTP status
 * @param route only this route template
 * @param since only requests at or after this time
 * @param limit the page size (1..{@link #MAX_LIMIT})
 * @param cursor where the previous page ended
 */
public record ProvisioningQuery(
    Outcome outcome,
    Optional<Integer> status,
    Optional<String> route,
    Optional<Instant> since,
    int limit,
    Optional<String> cursor) {

  public static final int MAX_LIMIT = 200;

  /** Which requests to read. */
  public enum Outcome {
    ERROR,
    SUCCESS,
    ANY
  }

  public ProvisioningQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
  }

  /** Everything, newest first, one page of {@code limit}. */
  public static ProvisioningQuery newest(int limit) {
    return new ProvisioningQuery(
        Outcome.ANY, Optional.empty(), Optional.empty(), Optional.empty(), limit, Optional.empty());
  }

  /** Whether a record passes the filters (the cursor is the adapter's business). */
  public boolean matches(ProvisioningRecord r) {
    return switch (outcome) {
          case ERROR -> r.failed();
          case SUCCESS -> !r.failed();
          case ANY -> true;
        }
        && status.map(s -> s == r.status()).orElse(true)
        && route.map(r.route()::equals).orElse(true)
        && since.map(s -> !r.time().isBefore(s)).orElse(true);
  }
}
