package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.testsupport.Fixtures.group;
import static dev.scimserverless.store.testsupport.Fixtures.tenantId;
import static dev.scimserverless.store.testsupport.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.MembershipStore.MemberPage;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the DynamoDB adapter has: how many calls membership operations make (through a {@link
 * CountingDynamoDbClient}), per-batch atomicity, and what a crash between a delete and its cascade
 * leaves and how a retried delete finishes it. Against Dynoxide, a fresh table per test.
 */
class DynamoDbMembershipAdapterIT {
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  private static final ResourceType USER = ResourceType.USER;
  private static final ResourceType GROUP = ResourceType.GROUP;

  private String table;
  private FaultyClient faulty;
  private CountingDynamoDbClient counting;
  private DynamoDbStore store;
  private String tenant;

  @BeforeEach
  void setUp() {
    Dynoxide dynoxide = Dynoxide.shared();
    table = dynoxide.freshTable();
    faulty = new FaultyClient(dynoxide.client());
    counting = new CountingDynamoDbClient(faulty);
    store = new DynamoDbStore(counting, table);
    tenant = tenantId();
  }

  // ---------------------------------------------------------------- calls

  @Test
  void oneMemberCostsTheSameCallsInAGroupOfTenAndOfTwoThousand() {
    store.forTenant(TenantId.of(tenant)).resources().create(group("small", "small"));
    store.forTenant(TenantId.of(tenant)).resources().create(group("big", "big"));
    List<String> ten = createUsers("s-", 10);
    store.forTenant(TenantId.of(tenant)).memberships().addMembers("small", ten, NOW);
    new MembershipLoader(Dynoxide.shared().client(), table, 4)
        .loadMembers(tenant, "big", ids("b-", 2000));
    store.forTenant(TenantId.of(tenant)).resources().create(user("newcomer", "newcomer"));
    assertEquals(2000, allMembers("big").size());

    for (String groupId : List.of("small", "big")) {
      assertEquals(
          Map.of("TransactWriteItems", 1L),
          callsOf(
              () ->
                  store
                      .forTenant(TenantId.of(tenant))
                      .memberships()
                      .addMembers(groupId, List.of("newcomer"), NOW)),
          "add one member to " + groupId);
      assertEquals(
          Map.of("GetItem", 1L),
          callsOf(
              () ->
                  assertTrue(
                      store
                          .forTenant(TenantId.of(tenant))
                          .memberships()
                          .isMember(groupId, "newcomer"))),
          "isMember in " + groupId);
      assertEquals(
          Map.of("TransactWriteItems", 1L),
          callsOf(
              () ->
                  store
                      .forTenant(TenantId.of(tenant))
                      .memberships()
                      .removeMembers(groupId, List.of("newcomer"), NOW)),
          "remove one member from " + groupId);
      assertEquals(
          Map.of("Query", 1L),
          callsOf(
              () ->
                  store
                      .forTenant(TenantId.of(tenant))
                      .memberships()
                      .members(groupId, Optional.empty(), 100)),
          "first page of 100 members of " + groupId);
    }
    assertEquals(
        Map.of("Query", 1L),
        callsOf(() -> store.forTenant(TenantId.of(tenant)).memberships().groupsOf("b-0000")),
        "groupsOf");
  }

  @Test
  void callsOfBatchesAndCascades() {
    List<String> groups = IntStream.range(0, 40).mapToObj(i -> "g" + i).toList();
    groups.forEach(g -> store.forTenant(TenantId.of(tenant)).resources().create(group(g, g)));
    List<String> users = createUsers("u-", 100);

    assertEquals(
        Map.of("TransactWriteItems", 4L),
        callsOf(
            () -> store.forTenant(TenantId.of(tenant)).memberships().addMembers("g0", users, NOW)),
        "100 users: 32 per transaction");
    assertEquals(
        Map.of("TransactWriteItems", 3L),
        callsOf(
            () ->
                store.forTenant(TenantId.of(tenant)).memberships().removeMembers("g0", users, NOW)),
        "100 users: 48 per transaction");

    List<String> asked = new ArrayList<>(users);
    asked.addAll(ids("ghost-", 150));
    assertEquals(
        Map.of("BatchGetItem", 3L),
        callsOf(
            () ->
                assertEquals(
                    150,
                    store.forTenant(TenantId.of(tenant)).memberships().missingUsers(asked).size())),
        "250 ids: 100 keys per BatchGetItem");

    for (String g : groups) {
      store.forTenant(TenantId.of(tenant)).memberships().addMembers(g, List.of("u-000"), NOW);
    }
    assertEquals(
        Map.of("GetItem", 1L, "TransactWriteItems", 3L, "Query", 1L),
        callsOf(
            () ->
                store
                    .forTenant(TenantId.of(tenant))
                    .resources()
                    .delete(USER, "u-000", OptionalLong.empty())),
        "delete a user in 40 groups: resource transaction + 2 transactions of <= 33 groups");
    assertEquals(List.of(), store.forTenant(TenantId.of(tenant)).memberships().groupsOf("u-000"));
    assertEquals(
        3,
        store.forTenant(TenantId.of(tenant)).resources().get(GROUP, "g7").orElseThrow().version());

    store.forTenant(TenantId.of(tenant)).memberships().addMembers("g1", users.subList(1, 100), NOW);
    assertEquals(
        Map.of("GetItem", 1L, "TransactWriteItems", 1L, "Query", 1L, "BatchWriteItem", 8L),
        callsOf(
            () ->
                store
                    .forTenant(TenantId.of(tenant))
                    .resources()
                    .delete(GROUP, "g1", OptionalLong.empty())),
        "delete a group of 99 members: 198 deletes, 25 per BatchWriteItem");
    assertEquals(List.of(), store.forTenant(TenantId.of(tenant)).memberships().groupsOf("u-050"));
  }

  @Test
  void deletingABigGroupDeletesEveryMembership() {
    store.forTenant(TenantId.of(tenant)).resources().create(group("big", "big"));
    List<String> members = ids("m-", 3000);
    new MembershipLoader(Dynoxide.shared().client(), table, 4).loadMembers(tenant, "big", members);

    Map<String, Long> calls =
        callsOf(
            () ->
                store
                    .forTenant(TenantId.of(tenant))
                    .resources()
                    .delete(GROUP, "big", OptionalLong.empty()));

    assertEquals(240L, calls.get("BatchWriteItem"), "6000 deletes, 25 per call: " + calls);
    assertEquals(List.of(), allMembers("big"));
    assertEquals(List.of(), store.forTenant(TenantId.of(tenant)).memberships().groupsOf("m-0000"));
    assertEquals(List.of(), store.forTenant(TenantId.of(tenant)).memberships().groupsOf("m-2999"));
  }

  // ---------------------------------------------------------------- batches

  @Test
  void aBatchWithAMissingUserIsNotAppliedButEarlierBatchesAre() {
    store.forTenant(TenantId.of(tenant)).resources().create(group("g1", "g1"));
    List<String> users = createUsers("u-", 80);
    List<String> asked = new ArrayList<>(users);
    asked.add("u-070x"); // sorts into the third batch (users 64..)

    StoreException.InvalidMember e =
        assertThrows(
            StoreException.InvalidMember.class,
            () -> store.forTenant(TenantId.of(tenant)).memberships().addMembers("g1", asked, NOW));

    assertEquals("u-070x", e.userId());
    assertEquals(32, DynamoDbMemberships.USERS_PER_ADD);
    assertEquals(users.subList(0, 64), allMembers("g1"), "two batches of 32 were applied");
    assertEquals(
        3,
        store.forTenant(TenantId.of(tenant)).resources().get(GROUP, "g1").orElseThrow().version());

    store.forTenant(TenantId.of(tenant)).resources().create(user("u-070x", "late"));
    store.forTenant(TenantId.of(tenant)).memberships().addMembers("g1", asked, NOW);
    assertEquals(81, allMembers("g1").size(), "the retry completes the call");
  }

  // ---------------------------------------------------------------- crashes and orphans

  @Test
  void aRetriedGroupDeleteFinishesTheCascadeACrashInterrupted() {
    store.forTenant(TenantId.of(tenant)).resources().create(group("g1", "g1"));
    createUsers("u-", 3);
    store.forTenant(TenantId.of(tenant)).memberships().addMembers("g1", ids("u-", 3), NOW);

    faulty.queriesFail = true;
    assertThrows(
        StoreException.Unavailable.class,
        () ->
            store
                .forTenant(TenantId.of(tenant))
                .resources()
                .delete(GROUP, "g1", OptionalLong.empty()));
    faulty.queriesFail = false;

    assertEquals(
        Optional.empty(),
        store.forTenant(TenantId.of(tenant)).resources().get(GROUP, "g1"),
        "the group is gone");
    assertEquals(
        List.of("g1"),
        store.forTenant(TenantId.of(tenant)).memberships().groupsOf("u-000"),
        "an orphaned reverse item");
    assertThrows(
        StoreException.NotFound.class,
        () ->
            store
                .forTenant(TenantId.of(tenant))
                .memberships()
                .addMembers("g1", List.of("u-001"), NOW));

    assertThrows(
        StoreException.NotFound.class,
        () ->
            store
                .forTenant(TenantId.of(tenant))
                .resources()
                .delete(GROUP, "g1", OptionalLong.empty()));
    assertEquals(List.of(), store.forTenant(TenantId.of(tenant)).memberships().groupsOf("u-000"));
    assertEquals(List.of(), allMembers("g1"));
  }

  @Test
  void aRetriedUserDeleteFinishesTheCascadeACrashInterrupted() {
    store.forTenant(TenantId.of(tenant)).resources().create(group("g1", "g1"));
    store.forTenant(TenantId.of(tenant)).resources().create(user("u1", "u1"));
    store.forTenant(TenantId.of(tenant)).memberships().addMembers("g1", List.of("u1"), NOW);

    faulty.queriesFail = true;
    assertThrows(
        StoreException.Unavailable.class,
        () ->
            store
                .forTenant(TenantId.of(tenant))
                .resources()
                .delete(USER, "u1", OptionalLong.empty()));
    faulty.queriesFail = false;

    assertTrue(
        store.forTenant(TenantId.of(tenant)).memberships().isMember("g1", "u1"),
        "an orphaned membership");
    assertEquals(
        Optional.of("u1"),
        store.forTenant(TenantId.of(tenant)).memberships().missingUsers(List.of("u1")).stream()
            .findFirst());

    assertThrows(
        StoreException.NotFound.class,
        () ->
            store
                .forTenant(TenantId.of(tenant))
                .resources()
                .delete(USER, "u1", OptionalLong.empty()));
    assertFalse(store.forTenant(TenantId.of(tenant)).memberships().isMember("g1", "u1"));
    assertEquals(List.of(), store.forTenant(TenantId.of(tenant)).memberships().groupsOf("u1"));
    assertEquals(
        3,
        store.forTenant(TenantId.of(tenant)).resources().get(GROUP, "g1").orElseThrow().version());
  }

  @Test
  void aDeletedUserLeavesAGroupWhoseCascadeDidNotFinishWithoutRecreatingIt() {
    store.forTenant(TenantId.of(tenant)).resources().create(group("g1", "g1"));
    store.forTenant(TenantId.of(tenant)).resources().create(group("g2", "g2"));
    store.forTenant(TenantId.of(tenant)).resources().create(user("u1", "u1"));
    store.forTenant(TenantId.of(tenant)).memberships().addMembers("g1", List.of("u1"), NOW);
    store.forTenant(TenantId.of(tenant)).memberships().addMembers("g2", List.of("u1"), NOW);
    faulty.queriesFail = true;
    assertThrows(
        StoreException.Unavailable.class,
        () ->
            store
                .forTenant(TenantId.of(tenant))
                .resources()
                .delete(GROUP, "g2", OptionalLong.empty()));
    faulty.queriesFail = false;

    store.forTenant(TenantId.of(tenant)).resources().delete(USER, "u1", OptionalLong.empty());

    assertEquals(List.of(), store.forTenant(TenantId.of(tenant)).memberships().groupsOf("u1"));
    assertEquals(List.of(), allMembers("g1"));
    assertEquals(List.of(), allMembers("g2"));
    assertEquals(
        Optional.empty(), store.forTenant(TenantId.of(tenant)).resources().get(GROUP, "g2"));
    assertEquals(
        3,
        store.forTenant(TenantId.of(tenant)).resources().get(GROUP, "g1").orElseThrow().version());
  }

  // ---------------------------------------------------------------- helpers

  private Map<String, Long> callsOf(Runnable action) {
    counting.reset();
    action.run();
    return counting.callsByOperation();
  }

  private List<String> createUsers(String prefix, int n) {
    List<String> ids = ids(prefix, n);
    ids.forEach(
        id -> store.forTenant(TenantId.of(tenant)).resources().create(user(id, "name-" + id)));
    return ids;
  }

  private List<String> allMembers(String groupId) {
    List<String> all = new ArrayList<>();
    Optional<String> after = Optional.empty();
    do {
      MemberPage page =
          store.forTenant(TenantId.of(tenant)).memberships().members(groupId, after, 1000);
      all.addAll(page.userIds());
      after = page.nextAfterUserId();
    } while (after.isPresent());
    return all;
  }

  private static List<String> ids(String prefix, int n) {
    int width = Integer.toString(n - 1).length();
    return IntStream.range(0, n)
        .mapToObj(i -> prefix + String.format("%0" + Math.max(3, width) + "d", i))
        .toList();
  }
}
