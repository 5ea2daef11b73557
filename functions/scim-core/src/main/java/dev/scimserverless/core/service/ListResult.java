package dev.scimserverless.core.service;

import java.util.List;

/**
 * One page of a list: the resources, the total count of matches and the 1-based index of the
 * first.
 */
public record ListResult(List<ScimResource> resources, long totalResults, int startIndex) {
  public ListResult {
    resources = List.copyOf(resources);
  }
}
