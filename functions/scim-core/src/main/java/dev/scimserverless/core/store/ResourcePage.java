package dev.scimserverless.core.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of resources in ascending id order.
 *
 * @param items the resources of this page
 * @param nextAfterId the id to pass as {@code afterId} for the next page, empty when this is the
 *     last
 */
public record ResourcePage(List<StoredResource> items, Optional<String> nextAfterId) {
  public ResourcePage {
    items = List.copyOf(items);
  }
}
