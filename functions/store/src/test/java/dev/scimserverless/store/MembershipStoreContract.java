package dev.scimserverless.store;

import static dev.scimserverless.store.testsupport.Fixtures.T0;
import static dev.scimserverless.store.testsupport.Fixtures.group;
import static dev.scimserverless.store.testsupport.Fixtures.next;
import static dev.scimserverless.store.testsupport.Fixtures.tenantId;
import static dev.scimserverless.store.testsupport.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.MembershipStore.MemberPage;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MembershipStore} adapter must have, together with the cascades of
 * {@link ResourceStore#delete}. Subclasses supply a fresh, empty store per test.
 *
 * <p>Only what holds for every batch size is asserted: a change of many users may take several
 * atomic writes (each bumping the group's version), so the version is asserted exactly only for
 * changes of a few users.
 */
public abstract class MembershipStoreContract {
  private static final ResourceType USER = ResourceType.USER;
  private static final ResourceType GROUP = ResourceType.GROUP;
  private static final Instant NOW = T0.plusSeconds(3600);

  /** The store under test. */
  protected record Subject(ScimStore store) {
    /** The ports of one adapter. */
    public static Subject of(ScimStore store) {
      return new Subject(store);
    }
  }

  private ScimStore stores;
  private ResourceStore resources;
  private MembershipStore memberships;
  private String tenant;
  private int usersCreated;

  /** A new, empty store (called before each test). */
  protected abstract Subject newSubject();

  @BeforeEach
  void setUpStore() {
    stores = newSubject().store();
    tenant = tenantId();
    resources = resourcesOf(tenant);
    memberships = membershipsOf(tenant);
  }

  private ResourceStore resourcesOf(String tenant) {
    return stores.forTenant(TenantId.of(tenant)).resources();
  }

  private MembershipStore membershipsOf(String tenant) {
    return stores.forTenant(TenantId.of(tenant)).memberships();
  }

  // ---------------------------------------------------------------- add / remove

  @Test
  void addedMemberIsSeenFromBothSides() {
    givenGroups("g1");
    givenUsers("u1");

    memberships.addMembers("g1", List.of("u1"), NOW);

    assertTrue(memberships.isMember("g1", "u1"));
    assertEquals(List.of("u1"), allMembers("g1"));
    assertEquals(List.of("g1"), memberships.groupsOf("u1"));
  }

  @Test
  void everyChangeBumpsTheGroupsVersionAndLastModified() {
    givenGroups("g1");
    givenUsers("u1", "u2");
    StoredResource before = groupNamed("g1");

    memberships.addMembers("g1", List.of("u1", "u2"), NOW);
    StoredResource afterAdd = groupNamed("g1");
    assertEquals(before.version() + 1, afterAdd.version());
    assertEquals(NOW, afterAdd.lastModified());
    assertEquals(before.created(), afterAdd.created());
    assertEquals(before.document(), afterAdd.document());
    assertEquals(before.uniqueKeys(), afterAdd.uniqueKeys());

    memberships.removeMembers("g1", List.of("u2"), NOW.plusSeconds(1));
    StoredResource afterRemove = groupNamed("g1");
    assertEquals(before.version() + 2, afterRemove.version());
    assertEquals(NOW.plusSeconds(1), afterRemove.lastModified());
    assertEquals(List.of("u1"), allMembers("g1"));
    assertEquals(Optional.of("g1"), resources.findIdByUniqueKey(GROUP, "displayName", "g1"));
  }

  @Test
  void reAddingAndReRemovingAreIdempotentButStillBumpTheVersion() {
    givenGroups("g1");
    givenUsers("u1");
    memberships.addMembers("g1", List.of("u1"), NOW);

    memberships.addMembers("g1", List.of("u1", "u1"), NOW);
    assertEquals(List.of("u1"), allMembers("g1"));
    assertEquals(List.of("g1"), memberships.groupsOf("u1"));
    assertEquals(3, groupNamed("g1").version());

    memberships.removeMembers("g1", List.of("u1"), NOW);
    memberships.removeMembers("g1", List.of("u1", "u1"), NOW);
    assertEquals(List.of(), allMembers("g1"));
    assertEquals(List.of(), memberships.groupsOf("u1"));
    assertFalse(memberships.isMember("g1", "u1"));
    assertEquals(5, groupNamed("g1").version());
  }

  @Test
  void removingNonMembersIsIgnored() {
    givenGroups("g1");
    givenUsers("u1", "u2");
    memberships.addMembers("g1", List.of("u1"), NOW);

    memberships.removeMembers("g1", List.of("u2", "ghost", ""), NOW);

    assertEquals(List.of("u1"), allMembers("g1"));
    assertEquals(3, groupNamed("g1").version());
  }

  @Test
  void emptyChangesDoNothing() {
    givenGroups("g1");

    memberships.addMembers("g1", List.of(), NOW);
    memberships.removeMembers("g1", List.of(), NOW);

    assertEquals(1, groupNamed("g1").version());
    assertEquals(T0, groupNamed("g1").lastModified());
  }

  @Test
  void manyMembersAtOnce() {
    givenGroups("g1");
    List<String> users = ids("u-", 250);
    givenUsers(users.toArray(String[]::new));
    List<String> shuffled = new ArrayList<>(users);
    Collections.shuffle(shuffled, new Random(7));

    memberships.addMembers("g1", shuffled, NOW);

    assertEquals(users, allMembers("g1"));
    assertTrue(groupNamed("g1").version() > 1);
    assertEquals(List.of("g1"), memberships.groupsOf("u-000"));
    assertEquals(List.of("g1"), memberships.groupsOf("u-249"));

    long versionBefore = groupNamed("g1").version();
    List<String> removed = users.subList(10, 210);
    memberships.removeMembers("g1", removed, NOW);

    List<String> kept = new ArrayList<>(users);
    kept.removeAll(removed);
    assertEquals(kept, allMembers("g1"));
    assertEquals(List.of(), memberships.groupsOf("u-100"));
    assertEquals(List.of("g1"), memberships.groupsOf("u-210"));
    assertTrue(groupNamed("g1").version() > versionBefore);
  }

  // ---------------------------------------------------------------- failures

  @Test
  void missingGroupIsNotFoundAndNothingIsWritten() {
    givenUsers("u1");

    assertThrows(
        StoreException.NotFound.class, () -> memberships.addMembers("nope", List.of("u1"), NOW));
    assertThrows(
        StoreException.NotFound.class, () -> memberships.removeMembers("nope", List.of("u1"), NOW));
    assertThrows(
        StoreException.NotFound.class,
        () -> memberships.addMembers("nope", List.of("u1", "ghost", ""), NOW));

    assertEquals(List.of(), memberships.groupsOf("u1"));
    assertEquals(List.of(), allMembers("nope"));
    assertEquals(Optional.empty(), resources.get(GROUP, "nope"));
  }

  @Test
  void missingUserIsInvalidMemberAndNothingIsApplied() {
    givenGroups("g1");
    givenUsers("u1", "u3");

    StoreException.InvalidMember e =
        assertThrows(
            StoreException.InvalidMember.class,
            () -> memberships.addMembers("g1", List.of("u3", "u2", "u1"), NOW));

    assertEquals("u2", e.userId());
    assertEquals(List.of(), allMembers("g1"));
    assertEquals(List.of(), memberships.groupsOf("u1"));
    assertEquals(1, groupNamed("g1").version());
  }

  // ---------------------------------------------------------------- expected version (If-Match)

  @Test
  void staleExpectedVersionIsVersionConflictAndNothingIsApplied() {
    givenGroups("g1");
    givenUsers("u1", "u2");
    memberships.addMembers("g1", List.of("u1"), NOW);
    long stale = groupNamed("g1").version() - 1;

    assertThrows(
        StoreException.VersionConflict.class,
        () ->
            memberships.addMembers(
                "g1", List.of("u2"), NOW.plusSeconds(1), OptionalLong.of(stale)));
    assertThrows(
        StoreException.VersionConflict.class,
        () ->
            memberships.removeMembers(
                "g1", List.of("u1"), NOW.plusSeconds(1), OptionalLong.of(stale)));

    assertEquals(List.of("u1"), allMembers("g1"));
    assertEquals(List.of(), memberships.groupsOf("u2"));
    assertEquals(List.of("g1"), memberships.groupsOf("u1"));
    assertEquals(stale + 1, groupNamed("g1").version());
    assertEquals(NOW, groupNamed("g1").lastModified());
  }

  @Test
  void matchingExpectedVersionAppliesAndBumpsTheVersion() {
    givenGroups("g1");
    givenUsers("u1", "u2");
    long v1 = groupNamed("g1").version();

    memberships.addMembers("g1", List.of("u1", "u2"), NOW, OptionalLong.of(v1));
    assertEquals(List.of("u1", "u2"), allMembers("g1"));
    assertEquals(v1 + 1, groupNamed("g1").version());

    memberships.removeMembers("g1", List.of("u1"), NOW, OptionalLong.of(v1 + 1));
    assertEquals(List.of("u2"), allMembers("g1"));
    assertEquals(List.of(), memberships.groupsOf("u1"));
    assertEquals(v1 + 2, groupNamed("g1").version());
  }

  @Test
  void expectedVersionConditionsOnlyTheFirstBatch() {
    givenGroups("g1");
    List<String> users = ids("u-", 250);
    givenUsers(users.toArray(String[]::new));
    long v1 = groupNamed("g1").version();

    memberships.addMembers("g1", users, NOW, OptionalLong.of(v1));
    assertEquals(users, allMembers("g1"));

    long v2 = groupNamed("g1").version();
    memberships.removeMembers("g1", users, NOW, OptionalLong.of(v2));
    assertEquals(List.of(), allMembers("g1"));
  }

  @Test
  void expectedVersionOnAMissingGroupIsNotFound() {
    givenUsers("u1");

    assertThrows(
        StoreException.NotFound.class,
        () -> memberships.addMembers("nope", List.of("u1"), NOW, OptionalLong.of(1)));
    assertThrows(
        StoreException.NotFound.class,
        () -> memberships.removeMembers("nope", List.of("u1"), NOW, OptionalLong.of(1)));
    assertEquals(List.of(), memberships.groupsOf("u1"));
  }

  @Test
  void aGroupIsNoMember() {
    givenGroups("g1", "g2");

    StoreException.InvalidMember e =
        assertThrows(
            StoreException.InvalidMember.class,
            () -> memberships.addMembers("g1", List.of("g2"), NOW));
    assertEquals("g2", e.userId());
  }

  @Test
  void userOfAnotherTenantIsInvalidMember() {
    String other = tenantId();
    givenGroups("g1");
    resourcesOf(other).create(user("x", "x"));

    StoreException.InvalidMember e =
        assertThrows(
            StoreException.InvalidMember.class,
            () -> memberships.addMembers("g1", List.of("x"), NOW));

    assertEquals("x", e.userId());
    assertEquals(List.of(), allMembers("g1"));
    assertEquals(List.of(), membershipsOf(other).groupsOf("x"));
    assertEquals(List.of(), memberships.groupsOf("x"));
  }

  @Test
  void idsThatCannotBeKeysAreNoUsers() {
    givenGroups("g1");
    givenUsers("u1");
    String tooLong = "x".repeat(KeyRules.MAX_SORT_KEY_BYTES + 1);

    for (String bad : List.of("", tooLong)) {
      StoreException.InvalidMember e =
          assertThrows(
              StoreException.InvalidMember.class,
              () -> memberships.addMembers("g1", List.of("u1", bad), NOW));
      assertEquals(bad, e.userId());
      assertFalse(memberships.isMember("g1", bad));
    }
    assertEquals(Set.of("", tooLong), memberships.missingUsers(List.of("u1", "", tooLong)));
    assertEquals(List.of(), allMembers("g1"));
    assertEquals(1, groupNamed("g1").version());
  }

  // ---------------------------------------------------------------- reads

  @Test
  void membersPageInAscendingOrder() {
    givenGroups("g1");
    List<String> users = ids("id-", 25);
    givenUsers(users.toArray(String[]::new));
    List<String> shuffled = new ArrayList<>(users);
    Collections.shuffle(shuffled, new Random(42));
    memberships.addMembers("g1", shuffled, NOW);

    MemberPage p1 = memberships.members("g1", Optional.empty(), 10);
    MemberPage p2 = memberships.members("g1", p1.nextAfterUserId(), 10);
    MemberPage p3 = memberships.members("g1", p2.nextAfterUserId(), 10);

    assertEquals(new MemberPage(users.subList(0, 10), Optional.of("id-009")), p1);
    assertEquals(new MemberPage(users.subList(10, 20), Optional.of("id-019")), p2);
    assertEquals(new MemberPage(users.subList(20, 25), Optional.empty()), p3);
    assertEquals(
        new MemberPage(users.subList(15, 25), Optional.empty()),
        memberships.members("g1", Optional.of("id-014"), 10),
        "a full last page has no next page");
    assertEquals(
        new MemberPage(List.of(), Optional.empty()),
        memberships.members("g1", Optional.empty(), 0));
  }

  @Test
  void membersPageAfterAnIdThatIsGoneAndInUtf8Order() {
    givenGroups("g1");
    // U+FFFD sorts before U+1F600 in code point / UTF-8 order, after it in UTF-16 order.
    List<String> users = List.of("A", "a", "b", "é", "\uFFFD", "\uD83D\uDE00");
    givenUsers(users.toArray(String[]::new));
    memberships.addMembers("g1", users, NOW);
    memberships.removeMembers("g1", List.of("b"), NOW);

    assertEquals(List.of("A", "a", "é", "\uFFFD", "\uD83D\uDE00"), allMembers("g1"));
    assertEquals(List.of("é", "\uFFFD"), memberships.members("g1", Optional.of("b"), 2).userIds());
    assertEquals(
        List.of("\uD83D\uDE00"), memberships.members("g1", Optional.of("\uFFFD"), 5).userIds());
  }

  @Test
  void isMemberIsPerGroup() {
    givenGroups("g1", "g2");
    givenUsers("u1", "u2");
    memberships.addMembers("g1", List.of("u1"), NOW);

    assertTrue(memberships.isMember("g1", "u1"));
    assertFalse(memberships.isMember("g1", "u2"));
    assertFalse(memberships.isMember("g2", "u1"));
    assertFalse(memberships.isMember("nope", "u1"));
  }

  @Test
  void groupsOfListsTheUsersGroupsAscending() {
    givenGroups("g3", "g1", "g2", "g4");
    givenUsers("u1", "u2");
    for (String g : List.of("g3", "g1", "g2")) {
      memberships.addMembers(g, List.of("u1"), NOW);
    }

    assertEquals(List.of("g1", "g2", "g3"), memberships.groupsOf("u1"));
    assertEquals(List.of(), memberships.groupsOf("u2"));
    assertEquals(List.of(), memberships.groupsOf("nobody"));
  }

  @Test
  void missingUsersByKeyLookups() {
    String other = tenantId();
    givenGroups("g1");
    List<String> users = ids("u-", 150);
    givenUsers(users.toArray(String[]::new));
    resourcesOf(other).create(user("x", "x"));
    List<String> asked = new ArrayList<>(users);
    asked.addAll(List.of("ghost-1", "x", "g1", "u-000", "ghost-2", "ghost-1"));

    assertEquals(Set.of("ghost-1", "ghost-2", "x", "g1"), memberships.missingUsers(asked));
    assertEquals(Set.of(), memberships.missingUsers(List.of()));
    assertEquals(Set.of(), memberships.missingUsers(users.subList(0, 3)));
    assertEquals(Set.of("u-001"), membershipsOf(other).missingUsers(List.of("x", "u-001")));
  }

  // ---------------------------------------------------------------- replace and delete

  @Test
  void replaceKeepsMembershipsButNeedsTheBumpedVersion() {
    givenGroups("g1");
    givenUsers("u1");
    StoredResource staleGroup = groupNamed("g1");
    StoredResource userV1 = resources.get(USER, "u1").orElseThrow();
    memberships.addMembers("g1", List.of("u1"), NOW);

    assertThrows(
        StoreException.VersionConflict.class,
        () -> resources.replace(staleGroup, next(staleGroup, "{\"displayName\":\"g1\"}")));
    StoredResource current = groupNamed("g1");
    resources.replace(current, next(current, "{\"displayName\":\"g1\",\"v\":2}"));
    resources.replace(userV1, next(userV1, "{\"userName\":\"u1\",\"v\":2}"));

    assertEquals(List.of("u1"), allMembers("g1"));
    assertEquals(List.of("g1"), memberships.groupsOf("u1"));
    assertEquals(2, resources.get(USER, "u1").orElseThrow().version());
  }

  @Test
  void userVersionIsNotChangedByMemberships() {
    givenGroups("g1");
    givenUsers("u1");
    StoredResource before = resources.get(USER, "u1").orElseThrow();

    memberships.addMembers("g1", List.of("u1"), NOW);
    memberships.removeMembers("g1", List.of("u1"), NOW);

    assertEquals(Optional.of(before), resources.get(USER, "u1"));
  }

  @Test
  void deletingAUserTakesItOutOfItsGroups() {
    givenGroups("g1", "g2", "g3");
    givenUsers("u1", "u2");
    memberships.addMembers("g1", List.of("u1", "u2"), NOW);
    memberships.addMembers("g2", List.of("u1"), NOW);
    long g3Version = groupNamed("g3").version();

    resources.delete(USER, "u1", OptionalLong.empty());

    assertEquals(List.of("u2"), allMembers("g1"));
    assertEquals(List.of(), allMembers("g2"));
    assertFalse(memberships.isMember("g1", "u1"));
    assertEquals(List.of(), memberships.groupsOf("u1"));
    assertEquals(List.of("g1"), memberships.groupsOf("u2"));
    assertEquals(3, groupNamed("g1").version(), "the group's membership changed");
    assertEquals(3, groupNamed("g2").version());
    assertEquals(g3Version, groupNamed("g3").version());

    resources.create(user("u1", "u1"));
    assertEquals(List.of(), memberships.groupsOf("u1"));
    assertFalse(memberships.isMember("g1", "u1"));
  }

  @Test
  void deletingAGroupDeletesItsMemberships() {
    givenGroups("g1", "g2");
    List<String> users = ids("u-", 60);
    givenUsers(users.toArray(String[]::new));
    memberships.addMembers("g1", users, NOW);
    memberships.addMembers("g2", users.subList(0, 2), NOW);

    resources.delete(GROUP, "g1", OptionalLong.empty());

    assertEquals(List.of("g2"), memberships.groupsOf("u-000"));
    assertEquals(List.of(), memberships.groupsOf("u-059"));
    assertFalse(memberships.isMember("g1", "u-000"));
    assertEquals(List.of(), allMembers("g1"));
    assertEquals(users.subList(0, 2), allMembers("g2"));

    resources.create(group("g1", "g1"));
    assertEquals(List.of(), allMembers("g1"));
    assertThrows(
        StoreException.NotFound.class,
        () -> memberships.addMembers("g2-gone", List.of("u-000"), NOW));
  }

  @Test
  void aDeletedUserCannotBeAdded() {
    givenGroups("g1");
    givenUsers("u1");
    resources.delete(USER, "u1", OptionalLong.empty());

    assertThrows(
        StoreException.InvalidMember.class, () -> memberships.addMembers("g1", List.of("u1"), NOW));
    assertEquals(List.of(), memberships.groupsOf("u1"));
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void parallelSingleMemberAddsLoseNone() throws Exception {
    givenGroups("g1");
    List<String> users = ids("p-", 24);
    givenUsers(users.toArray(String[]::new));

    runInParallel(
        users.stream()
            .<Callable<Void>>map(
                u ->
                    () -> {
                      memberships.addMembers("g1", List.of(u), NOW);
                      return null;
                    })
            .toList());

    assertEquals(users, allMembers("g1"));
    assertEquals(1 + users.size(), groupNamed("g1").version());
    users.forEach(u -> assertEquals(List.of("g1"), memberships.groupsOf(u)));
  }

  @Test
  void parallelAddsAndRemovesOfDifferentMembersLoseNone() throws Exception {
    givenGroups("g1");
    List<String> initial = ids("a-", 12);
    List<String> joining = ids("b-", 12);
    givenUsers(initial.toArray(String[]::new));
    givenUsers(joining.toArray(String[]::new));
    memberships.addMembers("g1", initial, NOW);
    long version = groupNamed("g1").version();

    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String leaving = initial.get(i);
      String arriving = joining.get(i);
      tasks.add(
          () -> {
            memberships.removeMembers("g1", List.of(leaving), NOW);
            return null;
          });
      tasks.add(
          () -> {
            memberships.addMembers("g1", List.of(arriving), NOW);
            return null;
          });
    }
    runInParallel(tasks);

    assertEquals(joining, allMembers("g1"));
    assertEquals(version + 24, groupNamed("g1").version());
    assertEquals(List.of(), memberships.groupsOf("a-000"));
  }

  // ---------------------------------------------------------------- tenants

  @Test
  void tenantsAreIsolated() {
    String a = tenant;
    String b = tenantId();
    for (String t : List.of(a, b)) {
      resourcesOf(t).create(group("g1", "g1"));
      resourcesOf(t).create(user("u1", "u1"));
      resourcesOf(t).create(user("u2", "u2"));
    }
    membershipsOf(a).addMembers("g1", List.of("u1"), NOW);
    membershipsOf(b).addMembers("g1", List.of("u2"), NOW);

    assertEquals(List.of("u1"), membersOf(a, "g1"));
    assertEquals(List.of("u2"), membersOf(b, "g1"));
    assertFalse(membershipsOf(b).isMember("g1", "u1"));
    assertEquals(List.of(), membershipsOf(b).groupsOf("u1"));

    resourcesOf(b).delete(GROUP, "g1", OptionalLong.empty());
    resourcesOf(b).delete(USER, "u1", OptionalLong.empty());
    assertEquals(List.of("u1"), membersOf(a, "g1"));
    assertEquals(List.of("g1"), membershipsOf(a).groupsOf("u1"));
    assertEquals(2, resourcesOf(a).get(GROUP, "g1").orElseThrow().version());

    membershipsOf(b).removeMembers("g1-absent", List.of(), NOW);
    assertThrows(
        StoreException.NotFound.class,
        () -> membershipsOf(b).removeMembers("g1", List.of("u1"), NOW));
    assertEquals(List.of("u1"), membersOf(a, "g1"));
  }

  // ---------------------------------------------------------------- helpers

  private void givenGroups(String... ids) {
    for (String id : ids) {
      resources.create(group(id, id));
    }
  }

  private void givenUsers(String... ids) {
    for (String id : ids) {
      resources.create(user(id, "name-" + usersCreated++));
    }
  }

  private StoredResource groupNamed(String id) {
    return resources.get(GROUP, id).orElseThrow();
  }

  private List<String> allMembers(String groupId) {
    return membersOf(tenant, groupId);
  }

  /** Every member, read in pages of 7 (so that paging is exercised everywhere). */
  private List<String> membersOf(String t, String groupId) {
    List<String> all = new ArrayList<>();
    Optional<String> after = Optional.empty();
    do {
      MemberPage page = membershipsOf(t).members(groupId, after, 7);
      all.addAll(page.userIds());
      after = page.nextAfterUserId();
    } while (after.isPresent());
    return all;
  }

  private static List<String> ids(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("%s%03d", prefix, i)).toList();
  }

  private static void runInParallel(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      for (Future<Void> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
