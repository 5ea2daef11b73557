package dev.scimserverless.core.store;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The store port for the SCIM resources of one tenant (from {@link ScimStore#forTenant}, for the
 * organization of the authorizer context): nothing of another tenant is visible. Adapters:
 * in-memory and DynamoDB, held equal by one contract test suite.
 *
 * <p>Failures are {@link StoreException}s: {@link StoreException.UniquenessConflict}, {@link
 * StoreException.NotFound}, {@link StoreException.VersionConflict}, {@link
 * StoreException.Unavailable}.
 *
 * <p>Each write can carry the {@link ProvisioningChange} that describes it: the adapter records it
 * atomically with the write, in its outbox ({@link ChangeOutbox}), so a committed write always has
 * its record and a failed one never has. The methods without a change write none (tools, tests);
 * they write with an empty change, so no adapter can drop a change by forgetting an override.
 */
public interface ResourceStore {

  /**
   * Creates a resource atomically with its unique and lookup keys.
   *
   * @throws StoreException.UniquenessConflict if the id or a unique key is already taken
   */
  default void create(StoredResource resource) {
    create(resource, Optional.empty());
  }

  /** {@link #create(StoredResource)}, recording the change atomically with the write. */
  void create(StoredResource resource, Optional<ProvisioningChange> change);

  /** Reads one resource (strongly consistent). */
  Optional<StoredResource> get(ResourceType type, String id);

  /**
   * Replaces {@code previous} by {@code next} atomically, if the stored version is still {@code
   * previous.version()}. Unique and lookup keys are moved from the previous values to the next.
   * {@code next.version()} must be {@code previous.version() + 1}.
   *
   * @throws StoreException.NotFound if the resource is gone
   * @throws StoreException.VersionConflict if the stored version is not {@code previous.version()}
   * @throws StoreException.UniquenessConflict if a new unique key is taken by another resource
   */
  default void replace(StoredResource previous, StoredResource next) {
    replace(previous, next, Optional.empty());
  }

  /** {@link #replace(StoredResource, StoredResource)}, recording the change with it. */
  void replace(StoredResource previous, StoredResource next, Optional<ProvisioningChange> change);

  /**
   * Deletes a resource with its keys. With an expected version the delete happens only if the
   * stored version still equals it.
   *
   * @throws StoreException.NotFound if there is no such resource
   * @throws StoreException.VersionConflict if the version does not match
   */
  default void delete(ResourceType type, String id, OptionalLong expectedVersion) {
    delete(type, id, expectedVersion, Optional.empty());
  }

  /**
   * {@link #delete(ResourceType, String, OptionalLong)}, recording the change atomically with the
   * resource's delete (the change's version set to the version deleted). The cascade that follows
   * (a user leaving its groups) is described by the change's {@code groupsLeft}.
   */
  void delete(
      ResourceType type,
      String id,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change);

  /** The id of the resource holding a unique key, by key lookup (no scan). */
  Optional<String> findIdByUniqueKey(ResourceType type, String attribute, String normalizedValue);

  /** The ids of the resources holding a lookup key, by key lookup (no scan), ascending. */
  List<String> findIdsByLookupKey(ResourceType type, String attribute, String value);

  /**
   * Reads resources in ascending id order, starting after {@code afterId} (exclusive; empty for the
   * first page), at most {@code limit} of them.
   */
  ResourcePage list(ResourceType type, Optional<String> afterId, int limit);

  /** How many resources of a type the tenant has (kept as a counter, O(1)). */
  long count(ResourceType type);

  /**
   * Reads the unique keys of one attribute in order of their normalised value (UTF-8 byte order, as
   * DynamoDB orders sort keys; reversed when {@code descending}), starting after {@code afterValue}
   * (exclusive; empty for the first page), at most {@code limit} of them. Reads only the small key
   * items, not the resources: the cheap way to list resources by {@code userName} or to skip many
   * of them.
   */
  UniqueKeyPage listUniqueKeys(
      ResourceType type,
      String attribute,
      Optional<String> afterValue,
      boolean descending,
      int limit);

  /**
   * Reads several resources by id (strongly consistent), in the order of {@code ids}; ids with no
   * resource are left out, a repeated id is returned once. DynamoDB: one BatchGetItem per 100 ids.
   */
  List<StoredResource> getAll(ResourceType type, List<String> ids);
}
