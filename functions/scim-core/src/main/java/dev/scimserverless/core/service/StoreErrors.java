package dev.scimserverless.core.service;

import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoreException;

/** Maps store failures to SCIM errors. */
final class StoreErrors {
  /** What a client is asked to wait before retrying when the store throttles or fails. */
  static final int RETRY_AFTER_SECONDS = 1;

  private StoreErrors() {}

  static ScimException toScim(StoreException e, ResourceType type) {
    if (e instanceof StoreException.UniquenessConflict u) {
      return ScimException.uniqueness(
          "A " + type.scimName() + " with this " + u.attribute() + " already exists.");
    }
    if (e instanceof StoreException.NotFound) {
      return ScimException.notFound(type.scimName() + " does not exist.");
    }
    if (e instanceof StoreException.VersionConflict) {
      return ScimException.throttled(
          "The resource is being changed concurrently; retry.", RETRY_AFTER_SECONDS, e);
    }
    if (e instanceof StoreException.InvalidMember m) {
      return ScimException.invalidValue(
          "Member '" + m.userId() + "' is not a user of this organization.");
    }
    StoreException.Unavailable u = (StoreException.Unavailable) e;
    return u.throttled()
        ? ScimException.throttled("Too many requests; retry later.", RETRY_AFTER_SECONDS, e)
        : ScimException.unavailable(
            "The store is temporarily unavailable; retry later.", RETRY_AFTER_SECONDS, e);
  }
}
