package dev.scimserverless.core.service;

import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoreException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one mapping of store failures to SCIM errors: every service calls its store through {@link
 * #call}, {@link #run} or {@link #attempt}, which catch each {@link StoreException} by its type.
 */
final class StoreErrors {
  /** What a client is asked to wait before retrying when the store throttles or fails. */
  static final int RETRY_AFTER_SECONDS = 1;

  private StoreErrors() {}

  /** A store call whose failures become SCIM errors of {@code type}'s resources. */
  static <T> T call(ResourceType type, Supplier<T> call) {
    return call(type, false, call);
  }

  /** {@link #call(ResourceType, Supplier)} without a result. */
  static void run(ResourceType type, Runnable call) {
    run(type, false, call);
  }

  /**
   * A store call; when {@code conditioned} (it carries the version of an {@code If-Match}), a
   * {@link StoreException.VersionConflict} is 412, otherwise a 429 to retry.
   */
  static <T> T call(ResourceType type, boolean conditioned, Supplier<T> call) {
    return attempt(type, conditioned, false, call).orElseThrow();
  }

  /** {@link #call(ResourceType, boolean, Supplier)} without a result. */
  static void run(ResourceType type, boolean conditioned, Runnable call) {
    call(
        type,
        conditioned,
        () -> {
          call.run();
          return Boolean.TRUE;
        });
  }

  /**
   * A write that may lose a race: empty when it met a {@link StoreException.VersionConflict} that
   * is neither conditioned (412) nor past its last attempt ({@code mayRetry} false: 429), so the
   * caller re-reads and tries again. The result must not be null.
   */
  static <T> Optional<T> attempt(
      ResourceType type, boolean conditioned, boolean mayRetry, Supplier<T> call) {
    try {
      return Optional.of(call.get());
    } catch (StoreException.VersionConflict e) {
      if (conditioned) {
        throw ScimException.preconditionFailed(
            "The resource changed since the version given in If-Match.");
      }
      if (mayRetry) {
        return Optional.empty();
      }
      throw ScimException.throttled(
          "The resource is being changed concurrently; retry.", RETRY_AFTER_SECONDS, e);
    } catch (StoreException.UniquenessConflict e) {
      throw ScimException.uniqueness(
          "A " + type.scimName() + " with this " + e.attribute() + " already exists.");
    } catch (StoreException.NotFound e) {
      throw ScimException.notFound(type.scimName() + " does not exist.");
    } catch (StoreException.InvalidMember e) {
      throw ScimException.invalidValue(
          "Member '" + e.userId() + "' is not a user of this organization.");
    } catch (StoreException.Unavailable e) {
      throw e.throttled()
          ? ScimException.throttled("Too many requests; retry later.", RETRY_AFTER_SECONDS, e)
          : ScimException.unavailable(
              "The store is temporarily unavailable; retry later.", RETRY_AFTER_SECONDS, e);
    }
  }
}
