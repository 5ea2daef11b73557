package dev.scimserverless.store.memory;

import dev.scimserverless.store.KeyRules;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The memberships of one tenant in both directions (group → users, user → groups), each in key
 * order. Not thread-safe: {@link InMemoryStore} guards it with its lock.
 */
final class MembershipIndex {
  private final Map<String, NavigableSet<String>> usersByGroup = new HashMap<>();
  private final Map<String, NavigableSet<String>> groupsByUser = new HashMap<>();

  void add(String groupId, String userId) {
    usersByGroup.computeIfAbsent(groupId, g -> new TreeSet<>(KeyRules.KEY_ORDER)).add(userId);
    groupsByUser.computeIfAbsent(userId, u -> new TreeSet<>(KeyRules.KEY_ORDER)).add(groupId);
  }

  void remove(String groupId, String userId) {
    removeFrom(usersByGroup, groupId, userId);
    removeFrom(groupsByUser, userId, groupId);
  }

  boolean contains(String groupId, String userId) {
    return members(groupId).contains(userId);
  }

  /** The group's members, ascending (a read-only view). */
  NavigableSet<String> members(String groupId) {
    return Collections.unmodifiableNavigableSet(
        usersByGroup.getOrDefault(groupId, Collections.emptyNavigableSet()));
  }

  /** The user's groups, ascending (a read-only view). */
  NavigableSet<String> groupsOf(String userId) {
    return Collections.unmodifiableNavigableSet(
        groupsByUser.getOrDefault(userId, Collections.emptyNavigableSet()));
  }

  /** Forgets a group's memberships. */
  void removeGroup(String groupId) {
    NavigableSet<String> users = usersByGroup.remove(groupId);
    if (users != null) {
      users.forEach(userId -> removeFrom(groupsByUser, userId, groupId));
    }
  }

  /** Forgets a user's memberships; returns the groups it was in. */
  NavigableSet<String> removeUser(String userId) {
    NavigableSet<String> groups = groupsByUser.remove(userId);
    if (groups == null) {
      return Collections.emptyNavigableSet();
    }
    groups.forEach(groupId -> removeFrom(usersByGroup, groupId, userId));
    return groups;
  }

  private static void removeFrom(
      Map<String, NavigableSet<String>> index, String key, String value) {
    NavigableSet<String> values = index.get(key);
    if (values != null && values.remove(value) && values.isEmpty()) {
      index.remove(key);
    }
  }
}
