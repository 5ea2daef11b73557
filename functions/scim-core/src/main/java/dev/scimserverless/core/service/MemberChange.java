package dev.scimserverless.core.service;

import dev.scimserverless.core.filter.Filter;
import java.util.List;

/** A change of a group's membership, taken from a PATCH or PUT. */
sealed interface MemberChange {
  /** Make these users members (idempotent). */
  record Add(List<String> userIds) implements MemberChange {}

  /** Remove these users (idempotent: non-members are ignored). */
  record Remove(List<String> userIds) implements MemberChange {}

  /** Remove the members a filter matches ({@code members[display sw "x"]}, rare). */
  record RemoveMatching(Filter filter) implements MemberChange {}

  /** Remove every member. */
  record RemoveAll() implements MemberChange {}

  /** Make exactly these users the members: the difference is applied. */
  record ReplaceAll(List<String> userIds) implements MemberChange {}
}
