package dev.scimserverless.core.service;

import java.nio.charset.StandardCharsets;

/**
 * What a resource id from a request can be. Server ids are UUIDs; anything a store could not even
 * hold as a key (empty, over 1024 UTF-8 bytes) names no resource, so the answer is 404 or no match,
 * never a failure.
 */
final class Ids {
  /** DynamoDB's sort key limit, and so the longest id any store holds. */
  static final int MAX_ID_BYTES = 1024;

  private Ids() {}

  static boolean canExist(String id) {
    return id != null
        && !id.isEmpty()
        && id.length() <= MAX_ID_BYTES
        && id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES;
  }
}
