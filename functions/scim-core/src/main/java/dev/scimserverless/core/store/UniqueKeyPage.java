package dev.scimserverless.core.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the unique keys of one attribute (e.g. the lower-cased {@code userName} of every
 * user), in key order: what {@link ResourceStore#listUniqueKeys} returns. Index entries are small,
 * so walking them is a cheap way to skip resources or to list them in {@code userName} order.
 *
 * @param entries the keys of this page
 * @param nextAfterValue the value to pass as {@code afterValue} for the next page, empty when this
 *     is the last
 */
public record UniqueKeyPage(List<Entry> entries, Optional<String> nextAfterValue) {
  public UniqueKeyPage {
    entries = List.copyOf(entries);
    Objects.requireNonNull(nextAfterValue, "nextAfterValue");
  }

  /**
   * One unique key.
   *
   * @param value the normalised value (the store's sort key)
   * @param id the id of the resource holding it
   */
  public record Entry(String value, String id) {
    public Entry {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(id, "id");
    }
  }
}
