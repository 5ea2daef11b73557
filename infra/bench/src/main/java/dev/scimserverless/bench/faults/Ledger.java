package dev.scimserverless.bench.faults;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the clients were told was written. A write acknowledged (2xx) must be in the store
 * afterwards, a removal acknowledged must stay removed; a write that was never acknowledged (the
 * client gave up on it) makes its key ambiguous: it may or may not have happened, and the key is
 * not checked. One client owns each key, so the writes to a key are sequential.
 */
final class Ledger {
  /** The last acknowledged value of one key, and whether an unacknowledged write followed. */
  static final class Entry<T> {
    T value;
    boolean acknowledged;
    boolean ambiguous;
  }

  /** user id → its userName, once its creation was acknowledged. */
  final Map<String, String> users = new LinkedHashMap<>();

  /** user id → last acknowledged title. */
  final Map<String, Entry<String>> titles = new LinkedHashMap<>();

  /** "group/user" → true when the last acknowledged membership write added, false removed. */
  final Map<String, Entry<Boolean>> members = new LinkedHashMap<>();

  synchronized void created(String userId, String userName) {
    users.put(userId, userName);
  }

  synchronized void title(String userId, String title) {
    Entry<String> e = titles.computeIfAbsent(userId, k -> new Entry<>());
    e.value = title;
    e.acknowledged = true;
  }

  synchronized void titleUnknown(String userId) {
    titles.computeIfAbsent(userId, k -> new Entry<>()).ambiguous = true;
  }

  synchronized void member(String group, String user, boolean added) {
    Entry<Boolean> e = members.computeIfAbsent(pair(group, user), k -> new Entry<>());
    e.value = added;
    e.acknowledged = true;
  }

  synchronized void memberUnknown(String group, String user) {
    members.computeIfAbsent(pair(group, user), k -> new Entry<>()).ambiguous = true;
  }

  static String pair(String group, String user) {
    return group + "/" + user;
  }
}
