package dev.scimserverless.store.memory;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.store.KeyRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@link MembershipStore} of one tenant on an {@link InMemoryStore}, under the store's lock: a
 * membership change of many users is atomic as a whole.
 */
final class InMemoryMemberships implements MembershipStore {
  private final InMemoryStore store;
  private final String tenant;

  InMemoryMemberships(InMemoryStore store, String tenant) {
    this.store = store;
    this.tenant = tenant;
  }

  @Override
  public Set<String> missingUsers(Collection<String> userIds) {
    SortedSet<String> ids = KeyRules.distinctIds(userIds);
    return store.read(
        () -> {
          SortedSet<String> missing = new TreeSet<>(KeyRules.KEY_ORDER);
          for (String id : ids) {
            if (!store.isUser(tenant, id)) {
              missing.add(id);
            }
          }
          return Collections.unmodifiableSortedSet(missing);
        });
  }

  @Override
  public void addMembers(
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    SortedSet<String> users = KeyRules.membershipChange(groupId, userIds, now);
    if (users.isEmpty()) {
      return;
    }
    store.write(
        () -> {
          store.requireGroup(tenant, groupId);
          store.requireVersion(tenant, groupId, expectedVersion);
          Optional<String> unkeyable =
              users.stream().filter(id -> !KeyRules.isSortKey(id)).findFirst();
          Optional<String> invalid =
              unkeyable.or(
                  () -> users.stream().filter(id -> !store.isUser(tenant, id)).findFirst());
          if (invalid.isPresent()) {
            throw new StoreException.InvalidMember(invalid.get());
          }
          MembershipIndex index =
              store.memberships.computeIfAbsent(tenant, t -> new MembershipIndex());
          users.forEach(userId -> index.add(groupId, userId));
          store.touchGroup(tenant, groupId, now);
          change.ifPresent(c -> store.record(tenant, c.batch(0, List.copyOf(users), List.of())));
          return null;
        });
  }

  @Override
  public void removeMembers(
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    SortedSet<String> users = KeyRules.membershipChange(groupId, userIds, now);
    if (users.isEmpty()) {
      return;
    }
    store.write(
        () -> {
          store.requireGroup(tenant, groupId);
          store.requireVersion(tenant, groupId, expectedVersion);
          MembershipIndex index = store.memberships.get(tenant);
          if (index != null) {
            users.forEach(userId -> index.remove(groupId, userId));
          }
          store.touchGroup(tenant, groupId, now);
          change.ifPresent(c -> store.record(tenant, c.batch(0, List.of(), List.copyOf(users))));
          return null;
        });
  }

  @Override
  public MemberPage members(String groupId, Optional<String> afterUserId, int limit) {
    KeyRules.sortKey("group id", groupId);
    KeyRules.limit(limit);
    afterUserId.ifPresent(id -> KeyRules.sortKey("afterUserId", id));
    if (limit == 0) {
      return new MemberPage(List.of(), Optional.empty());
    }
    return store.read(
        () -> {
          NavigableSet<String> all = store.index(tenant).members(groupId);
          NavigableSet<String> rest =
              afterUserId.isPresent() ? all.tailSet(afterUserId.get(), false) : all;
          List<String> page = new ArrayList<>();
          for (String userId : rest) {
            if (page.size() == limit) {
              return new MemberPage(page, Optional.of(page.get(limit - 1)));
            }
            page.add(userId);
          }
          return new MemberPage(page, Optional.empty());
        });
  }

  @Override
  public boolean isMember(String groupId, String userId) {
    KeyRules.sortKey("group id", groupId);
    return store.read(() -> store.index(tenant).contains(groupId, userId));
  }

  @Override
  public List<String> groupsOf(String userId) {
    KeyRules.sortKey("user id", userId);
    return store.read(() -> List.copyOf(store.index(tenant).groupsOf(userId)));
  }
}
