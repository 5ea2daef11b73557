package dev.scimserverless.core.store;

import dev.scimserverless.core.change.ProvisioningChange;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The store port for group membership: one item per (group, user), so that adding or removing a
 * member costs the same whatever the group's size and never reads the member list. It is the port
 * of one tenant (from {@link ScimStore#forTenant}). Adds and removes are idempotent: re-adding a
 * member or removing a non-member succeeds and changes nothing but the group's version.
 *
 * <p>A change of membership bumps the group's version (its ETag) and lastModified in the same
 * atomic write. A call with more users than fit one atomic write is split into batches: each batch
 * is atomic, and since every change is idempotent a retry of the same call completes a call that
 * failed half way.
 *
 * <p>A change can be made conditional on the group's version ({@code If-Match}): the condition is
 * checked in the same atomic write as the first batch, so a concurrent change in between fails the
 * call with {@link StoreException.VersionConflict} and nothing is applied. Later batches are not
 * conditioned (they follow this call's own version bump).
 */
public interface MembershipStore {

  /** The given user ids that are not users of the tenant (by key lookups, no scan). */
  Set<String> missingUsers(Collection<String> userIds);

  /**
   * Makes the users members of the group.
   *
   * @throws StoreException.NotFound if the group does not exist
   * @throws StoreException.InvalidMember if a user does not exist (its batch is not applied)
   */
  default void addMembers(String groupId, Collection<String> userIds, Instant now) {
    addMembers(groupId, userIds, now, OptionalLong.empty());
  }

  /**
   * Makes the users members of the group if, when present, the group's version is {@code
   * expectedVersion} at the first batch's write.
   *
   * @throws StoreException.NotFound if the group does not exist
   * @throws StoreException.VersionConflict if the group's version is not the expected one (nothing
   *     is applied)
   * @throws StoreException.InvalidMember if a user does not exist (its batch is not applied)
   */
  default void addMembers(
      String groupId, Collection<String> userIds, Instant now, OptionalLong expectedVersion) {
    addMembers(groupId, userIds, now, expectedVersion, Optional.empty());
  }

  /**
   * Removes the users from the group; users that are not members are ignored.
   *
   * @throws StoreException.NotFound if the group does not exist
   */
  default void removeMembers(String groupId, Collection<String> userIds, Instant now) {
    removeMembers(groupId, userIds, now, OptionalLong.empty());
  }

  /**
   * Removes the users from the group if, when present, the group's version is {@code
   * expectedVersion} at the first batch's write; users that are not members are ignored.
   *
   * @throws StoreException.NotFound if the group does not exist
   * @throws StoreException.VersionConflict if the group's version is not the expected one (nothing
   *     is applied)
   */
  default void removeMembers(
      String groupId, Collection<String> userIds, Instant now, OptionalLong expectedVersion) {
    removeMembers(groupId, userIds, now, expectedVersion, Optional.empty());
  }

  /**
   * {@link #addMembers(String, Collection, Instant, OptionalLong)}, recording the change atomically
   * with each batch: batch {@code n} records {@code change.batch(n, itsUsers, [])}, so a batch that
   * is applied always has its record.
   */
  void addMembers(
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change);

  /**
   * {@link #removeMembers(String, Collection, Instant, OptionalLong)}, recording the change
   * atomically with each batch ({@code change.batch(n, [], itsUsers)}).
   */
  void removeMembers(
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change);

  /** Members in ascending user id order after {@code afterUserId}, at most {@code limit}. */
  MemberPage members(String groupId, Optional<String> afterUserId, int limit);

  /** Whether the user is a direct member of the group: one key lookup. */
  boolean isMember(String groupId, String userId);

  /** The ids of the groups the user is a direct member of, ascending. */
  List<String> groupsOf(String userId);

  /**
   * One page of a group's member ids.
   *
   * @param userIds member user ids, ascending
   * @param nextAfterUserId where the next page starts, empty on the last page
   */
  record MemberPage(List<String> userIds, Optional<String> nextAfterUserId) {
    public MemberPage {
      userIds = List.copyOf(userIds);
    }
  }
}
