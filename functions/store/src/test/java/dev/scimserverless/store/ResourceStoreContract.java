package dev.scimserverless.store;

import static dev.scimserverless.store.testsupport.Fixtures.group;
import static dev.scimserverless.store.testsupport.Fixtures.next;
import static dev.scimserverless.store.testsupport.Fixtures.tenantId;
import static dev.scimserverless.store.testsupport.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.ResourcePage;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.UniqueKeyPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * The behaviour every {@link ResourceStore} adapter must have. Subclasses supply a fresh, empty
 * store per test.
 */
public abstract class ResourceStoreContract {
  private static final ResourceType USER = ResourceType.USER;
  private static final ResourceType GROUP = ResourceType.GROUP;

  protected ScimStore stores;
  protected ResourceStore store;
  private String tenant;

  /** A new, empty store (called before each test). */
  protected abstract ScimStore newStore();

  @BeforeEach
  void setUpStore() {
    stores = newStore();
    tenant = tenantId();
    store = in(tenant);
  }

  /** The resources of a tenant. */
  private ResourceStore in(String tenant) {
    return stores.forTenant(TenantId.of(tenant)).resources();
  }

  // ---------------------------------------------------------------- create / get

  @Test
  void createThenGetReturnsEveryField() {
    StoredResource r =
        new StoredResource(
            USER,
            "2819c223-7f76-453a-919d-413861904646",
            "{\"userName\":\"Bjensen\",\"name\":{\"givenName\":\"Barbara ü ✓ 😀\"}}",
            7,
            Instant.parse("2011-08-01T18:29:49.793456789Z"),
            Instant.parse("2011-08-01T21:32:44.882000001Z"),
            Map.of("userName", "bjensen", "email", "bjensen@example.com"),
            Map.of("externalId", "bjensen-ext", "employeeNumber", "701984"));
    store.create(r);

    assertEquals(Optional.of(r), store.get(USER, r.id()));
  }

  @Test
  void resourceWithoutKeysRoundTrips() {
    StoredResource r =
        new StoredResource(USER, "u1", "{}", 1, Instant.EPOCH, Instant.EPOCH, Map.of(), Map.of());
    store.create(r);

    assertEquals(Optional.of(r), store.get(USER, "u1"));
    assertEquals(1, store.count(USER));
  }

  @Test
  void getOfMissingIsEmpty() {
    assertEquals(Optional.empty(), store.get(USER, "nope"));
    store.create(user("u1", "alice"));
    assertEquals(Optional.empty(), store.get(GROUP, "u1"), "types are separate");
  }

  @Test
  void createWithTakenUniqueValueConflictsAndWritesNothing() {
    store.create(user("u1", "alice", "ext-1"));

    StoredResource loser =
        new StoredResource(
            USER,
            "u2",
            "{}",
            1,
            Instant.EPOCH,
            Instant.EPOCH,
            Map.of("userName", "alice", "email", "free@example.com"),
            Map.of("externalId", "ext-2"));
    StoreException.UniquenessConflict e =
        assertThrows(StoreException.UniquenessConflict.class, () -> store.create(loser));

    assertEquals("userName", e.attribute());
    assertEquals(Optional.empty(), store.get(USER, "u2"));
    assertEquals(1, store.count(USER));
    assertEquals(Optional.of("u1"), store.findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "email", "free@example.com"));
    assertEquals(List.of(), store.findIdsByLookupKey(USER, "externalId", "ext-2"));
  }

  @Test
  void createWithTakenIdConflictsOnId() {
    store.create(user("u1", "alice"));

    StoreException.UniquenessConflict e =
        assertThrows(
            StoreException.UniquenessConflict.class,
            () -> store.create(user("u1", "bob", "ext-b")));

    assertEquals("id", e.attribute());
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "userName", "bob"));
    assertEquals(List.of(), store.findIdsByLookupKey(USER, "externalId", "ext-b"));
    assertEquals(1, store.count(USER));
    assertEquals("{\"userName\":\"alice\"}", store.get(USER, "u1").orElseThrow().document());
  }

  @Test
  void idCollisionIsReportedBeforeAUniqueKeyCollision() {
    store.create(user("u1", "alice"));

    StoreException.UniquenessConflict e =
        assertThrows(
            StoreException.UniquenessConflict.class, () -> store.create(user("u1", "alice")));

    assertEquals("id", e.attribute());
  }

  // ---------------------------------------------------------------- replace

  @Test
  void replaceMovesUniqueAndLookupKeys() {
    StoredResource v1 = user("u1", "alice", "ext-1");
    store.create(v1);
    StoredResource v2 =
        next(
            v1,
            "{\"userName\":\"alicia\"}",
            Map.of("userName", "alicia"),
            Map.of("externalId", "ext-2"));

    store.replace(v1, v2);

    assertEquals(Optional.of(v2), store.get(USER, "u1"));
    assertEquals(Optional.of("u1"), store.findIdByUniqueKey(USER, "userName", "alicia"));
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(List.of("u1"), store.findIdsByLookupKey(USER, "externalId", "ext-2"));
    assertEquals(List.of(), store.findIdsByLookupKey(USER, "externalId", "ext-1"));
    assertEquals(1, store.count(USER));

    store.create(user("u2", "alice"));
    assertEquals(Optional.of("u2"), store.findIdByUniqueKey(USER, "userName", "alice"));
    assertThrows(StoreException.UniquenessConflict.class, () -> store.create(user("u3", "Alicia")));
  }

  @Test
  void replaceAddsAndRemovesKeyAttributes() {
    StoredResource v1 = user("u1", "alice", "ext-1");
    store.create(v1);
    StoredResource v2 =
        next(v1, "{}", Map.of("userName", "alice", "email", "a@example.com"), Map.of());

    store.replace(v1, v2);

    assertEquals(Optional.of("u1"), store.findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(Optional.of("u1"), store.findIdByUniqueKey(USER, "email", "a@example.com"));
    assertEquals(List.of(), store.findIdsByLookupKey(USER, "externalId", "ext-1"));

    StoredResource v3 = next(v2, "{}", Map.of(), Map.of("externalId", "ext-3"));
    store.replace(v2, v3);

    assertEquals(Optional.of(v3), store.get(USER, "u1"));
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "email", "a@example.com"));
    assertEquals(List.of("u1"), store.findIdsByLookupKey(USER, "externalId", "ext-3"));
  }

  @Test
  void replaceWithUnchangedKeysKeepsThem() {
    StoredResource v1 = user("u1", "alice", "ext-1");
    store.create(v1);
    StoredResource v2 = next(v1, "{\"userName\":\"alice\",\"active\":false}");

    store.replace(v1, v2);

    assertEquals(Optional.of(v2), store.get(USER, "u1"));
    assertEquals(Optional.of("u1"), store.findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(List.of("u1"), store.findIdsByLookupKey(USER, "externalId", "ext-1"));
  }

  @Test
  void replaceFromStaleVersionConflicts() {
    StoredResource v1 = user("u1", "alice");
    store.create(v1);
    StoredResource v2 = next(v1, "{\"v\":2}");
    store.replace(v1, v2);

    assertThrows(
        StoreException.VersionConflict.class, () -> store.replace(v1, next(v1, "{\"v\":3}")));
    assertThrows(
        StoreException.VersionConflict.class,
        () -> store.replace(v1, next(v1, "{}", Map.of("userName", "zed"), Map.of())));

    assertEquals(Optional.of(v2), store.get(USER, "u1"));
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "userName", "zed"));
  }

  @Test
  void replaceOfDeletedResourceIsNotFound() {
    StoredResource v1 = user("u1", "alice");
    store.create(v1);
    store.delete(USER, "u1", OptionalLong.empty());

    assertThrows(StoreException.NotFound.class, () -> store.replace(v1, next(v1, "{}")));
    assertThrows(
        StoreException.NotFound.class,
        () -> store.replace(v1, next(v1, "{}", Map.of("userName", "bob"), Map.of())));
    assertEquals(Optional.empty(), store.get(USER, "u1"));
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "userName", "bob"));
    assertEquals(0, store.count(USER));
  }

  @Test
  void replaceToTakenUniqueValueConflictsAndChangesNothing() {
    StoredResource alice = user("u1", "alice", "ext-1");
    store.create(alice);
    store.create(user("u2", "bob"));
    StoredResource stolen =
        next(
            alice,
            "{\"userName\":\"Bob\"}",
            Map.of("userName", "bob"),
            Map.of("externalId", "ext-9"));

    StoreException.UniquenessConflict e =
        assertThrows(StoreException.UniquenessConflict.class, () -> store.replace(alice, stolen));

    assertEquals("userName", e.attribute());
    assertEquals(Optional.of(alice), store.get(USER, "u1"));
    assertEquals(Optional.of("u1"), store.findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(Optional.of("u2"), store.findIdByUniqueKey(USER, "userName", "bob"));
    assertEquals(List.of("u1"), store.findIdsByLookupKey(USER, "externalId", "ext-1"));
    assertEquals(List.of(), store.findIdsByLookupKey(USER, "externalId", "ext-9"));
  }

  @Test
  void replaceRejectsAVersionThatIsNotTheNext() {
    StoredResource v1 = user("u1", "alice");
    store.create(v1);
    StoredResource skipping =
        new StoredResource(
            USER, "u1", "{}", 3, v1.created(), v1.lastModified(), v1.uniqueKeys(), v1.lookupKeys());

    assertThrows(IllegalArgumentException.class, () -> store.replace(v1, skipping));
    assertEquals(Optional.of(v1), store.get(USER, "u1"));
  }

  // ---------------------------------------------------------------- delete

  @Test
  void deleteRemovesResourceAndKeys() {
    store.create(user("u1", "alice", "ext-1"));
    store.create(user("u2", "bob", "ext-1"));

    store.delete(USER, "u1", OptionalLong.empty());

    assertEquals(Optional.empty(), store.get(USER, "u1"));
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(List.of("u2"), store.findIdsByLookupKey(USER, "externalId", "ext-1"));
    assertEquals(1, store.count(USER));

    store.create(user("u3", "alice"));
    assertEquals(Optional.of("u3"), store.findIdByUniqueKey(USER, "userName", "alice"));
    store.delete(USER, "u2", OptionalLong.empty());
    assertEquals(List.of(), store.findIdsByLookupKey(USER, "externalId", "ext-1"));
  }

  @Test
  void deletedIdCanBeCreatedAgain() {
    store.create(user("u1", "alice"));
    store.delete(USER, "u1", OptionalLong.of(1));

    store.create(user("u1", "alice"));

    assertEquals(1, store.count(USER));
    assertEquals(Optional.of(user("u1", "alice")), store.get(USER, "u1"));
  }

  @Test
  void deleteWithExpectedVersion() {
    StoredResource v1 = user("u1", "alice");
    store.create(v1);
    store.replace(v1, next(v1, "{}"));

    assertThrows(
        StoreException.VersionConflict.class, () -> store.delete(USER, "u1", OptionalLong.of(1)));
    assertTrue(store.get(USER, "u1").isPresent());
    assertEquals(1, store.count(USER));

    store.delete(USER, "u1", OptionalLong.of(2));
    assertEquals(Optional.empty(), store.get(USER, "u1"));
  }

  @Test
  void deleteOfMissingIsNotFound() {
    assertThrows(
        StoreException.NotFound.class, () -> store.delete(USER, "u1", OptionalLong.empty()));
    store.create(user("u1", "alice"));
    store.delete(USER, "u1", OptionalLong.empty());
    assertThrows(StoreException.NotFound.class, () -> store.delete(USER, "u1", OptionalLong.of(1)));
    assertEquals(0, store.count(USER));
  }

  // ---------------------------------------------------------------- lookups, list, count

  @Test
  void lookupKeyFindsEveryHolderInIdOrder() {
    store.create(user("c", "carol", "shared"));
    store.create(user("a", "alice", "shared"));
    store.create(user("b", "bob", "shared"));
    store.create(user("d", "dave", "other"));

    assertEquals(List.of("a", "b", "c"), store.findIdsByLookupKey(USER, "externalId", "shared"));
    assertEquals(List.of("d"), store.findIdsByLookupKey(USER, "externalId", "other"));
    assertEquals(List.of(), store.findIdsByLookupKey(USER, "externalId", "Shared"));
    assertEquals(List.of(), store.findIdsByLookupKey(GROUP, "externalId", "shared"));
  }

  @Test
  void lookupValuesMayContainTheSeparator() {
    store.create(user("a", "alice", "x#y"));
    store.create(user("b", "bob", "x"));

    assertEquals(List.of("a"), store.findIdsByLookupKey(USER, "externalId", "x#y"));
    assertEquals(List.of("b"), store.findIdsByLookupKey(USER, "externalId", "x"));
  }

  @Test
  void uniqueKeyLookupIsExact() {
    store.create(user("u1", "Alice"));

    assertEquals(Optional.of("u1"), store.findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "userName", "Alice"));
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "displayName", "alice"));
  }

  @Test
  void listPagesInAscendingIdOrder() {
    List<String> ids = IntStream.range(0, 25).mapToObj(i -> String.format("id-%02d", i)).toList();
    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new java.util.Random(42));
    shuffled.forEach(id -> store.create(user(id, "user-" + id)));

    ResourcePage p1 = store.list(USER, Optional.empty(), 10);
    ResourcePage p2 = store.list(USER, p1.nextAfterId(), 10);
    ResourcePage p3 = store.list(USER, p2.nextAfterId(), 10);

    assertEquals(ids.subList(0, 10), idsOf(p1));
    assertEquals(Optional.of("id-09"), p1.nextAfterId());
    assertEquals(ids.subList(10, 20), idsOf(p2));
    assertEquals(Optional.of("id-19"), p2.nextAfterId());
    assertEquals(ids.subList(20, 25), idsOf(p3));
    assertEquals(Optional.empty(), p3.nextAfterId());
    assertEquals(store.get(USER, "id-00"), Optional.of(p1.items().get(0)));
  }

  @Test
  void lastFullPageHasNoNextPage() {
    IntStream.range(0, 20).forEach(i -> store.create(user("id-" + (char) ('a' + i), "u" + i)));

    ResourcePage p1 = store.list(USER, Optional.empty(), 10);
    ResourcePage p2 = store.list(USER, p1.nextAfterId(), 10);

    assertEquals(10, p2.items().size());
    assertEquals(Optional.empty(), p2.nextAfterId());
    assertEquals(
        new ResourcePage(List.of(), Optional.empty()), store.list(USER, Optional.empty(), 0));
  }

  @Test
  void listAfterAnIdThatIsGone() {
    List.of("a", "b", "c", "d").forEach(id -> store.create(user(id, "u" + id)));
    store.delete(USER, "b", OptionalLong.empty());

    assertEquals(List.of("c", "d"), idsOf(store.list(USER, Optional.of("b"), 10)));
    assertEquals(List.of("d"), idsOf(store.list(USER, Optional.of("c"), 10)));
    assertEquals(List.of(), idsOf(store.list(USER, Optional.of("d"), 10)));
    assertEquals(List.of(), idsOf(store.list(GROUP, Optional.empty(), 10)));
  }

  @Test
  void listOrdersIdsAsUtf8BytesLikeDynamoDb() {
    // U+FFFD sorts before U+1F600 in code point / UTF-8 order, after it in UTF-16 order.
    List<String> ids = List.of("A", "a", "é", "\uFFFD", "\uD83D\uDE00");
    List<String> reversed = new ArrayList<>(ids);
    Collections.reverse(reversed);
    reversed.forEach(id -> store.create(user(id, "u" + ids.indexOf(id))));

    assertEquals(ids, idsOf(store.list(USER, Optional.empty(), 10)));
    assertEquals(ids.subList(4, 5), idsOf(store.list(USER, Optional.of("\uFFFD"), 10)));
  }

  @Test
  void countFollowsCreatesAndDeletes() {
    assertEquals(0, store.count(USER));
    store.create(user("u1", "alice"));
    store.create(user("u2", "bob"));
    store.create(group("g1", "admins"));
    assertEquals(2, store.count(USER));
    assertEquals(1, store.count(GROUP));

    StoredResource v1 = store.get(USER, "u1").orElseThrow();
    store.replace(v1, next(v1, "{}"));
    assertEquals(2, store.count(USER));

    store.delete(USER, "u1", OptionalLong.empty());
    assertEquals(1, store.count(USER));
  }

  // ---------------------------------------------------------------- unique key index, getAll

  @Test
  void uniqueKeysListInValueOrderBothWays() {
    // U+FFFD sorts before U+1F600 in UTF-8 (DynamoDB) order, after it in UTF-16 order.
    List<String> names = List.of("adam", "bob", "carol", "\uFFFDx", "\uD83D\uDE00y");
    List<String> shuffled = new ArrayList<>(names);
    Collections.shuffle(shuffled, new java.util.Random(7));
    shuffled.forEach(n -> store.create(user("id-" + names.indexOf(n), n)));
    store.create(group("g1", "admins"));

    UniqueKeyPage p1 = store.listUniqueKeys(USER, "userName", Optional.empty(), false, 2);
    UniqueKeyPage p2 = store.listUniqueKeys(USER, "userName", p1.nextAfterValue(), false, 2);
    UniqueKeyPage p3 = store.listUniqueKeys(USER, "userName", p2.nextAfterValue(), false, 2);
    assertEquals(List.of("adam", "bob"), valuesOf(p1));
    assertEquals(Optional.of("bob"), p1.nextAfterValue());
    assertEquals(List.of("carol", "\uFFFDx"), valuesOf(p2));
    assertEquals(List.of("\uD83D\uDE00y"), valuesOf(p3));
    assertEquals(Optional.empty(), p3.nextAfterValue());
    assertEquals("id-0", p1.entries().get(0).id());

    UniqueKeyPage down = store.listUniqueKeys(USER, "userName", Optional.empty(), true, 3);
    assertEquals(List.of("\uD83D\uDE00y", "\uFFFDx", "carol"), valuesOf(down));
    UniqueKeyPage rest = store.listUniqueKeys(USER, "userName", down.nextAfterValue(), true, 10);
    assertEquals(List.of("bob", "adam"), valuesOf(rest));
    assertEquals(Optional.empty(), rest.nextAfterValue());
  }

  @Test
  void uniqueKeysAfterAValueThatIsGoneAndOfOtherScopes() {
    List.of("a", "b", "c").forEach(n -> store.create(user("id-" + n, n)));
    store.create(group("g1", "b"));
    in(tenantId()).create(user("other", "bb"));
    store.delete(USER, "id-b", OptionalLong.empty());

    assertEquals(
        List.of("c"),
        valuesOf(store.listUniqueKeys(USER, "userName", Optional.of("b"), false, 10)));
    assertEquals(
        List.of("a"), valuesOf(store.listUniqueKeys(USER, "userName", Optional.of("b"), true, 10)));
    assertEquals(
        List.of("b"),
        valuesOf(store.listUniqueKeys(GROUP, "displayName", Optional.empty(), false, 10)));
    assertEquals(
        List.of(),
        valuesOf(store.listUniqueKeys(USER, "displayName", Optional.empty(), false, 10)));
    assertEquals(
        new UniqueKeyPage(List.of(), Optional.empty()),
        store.listUniqueKeys(USER, "userName", Optional.empty(), false, 0));
  }

  @Test
  void uniqueKeysFollowRenames() {
    StoredResource v1 = user("u1", "alice");
    store.create(v1);
    store.replace(v1, next(v1, "{}", Map.of("userName", "zoe"), Map.of()));

    assertEquals(
        List.of(new UniqueKeyPage.Entry("zoe", "u1")),
        store.listUniqueKeys(USER, "userName", Optional.empty(), false, 10).entries());
  }

  @Test
  void getAllReadsInTheGivenOrderWithoutMissingOrRepeatedIds() {
    List<String> ids = IntStream.range(0, 130).mapToObj(i -> String.format("id-%03d", i)).toList();
    ids.forEach(id -> store.create(user(id, "user-" + id)));
    List<String> asked = new ArrayList<>(ids);
    Collections.shuffle(asked, new java.util.Random(3));
    asked.add(5, "missing");
    asked.add(asked.get(0));

    List<StoredResource> found = store.getAll(USER, asked);

    List<String> expected = new ArrayList<>(asked);
    expected.remove("missing");
    expected.remove(expected.size() - 1);
    assertEquals(expected, found.stream().map(StoredResource::id).toList());
    assertEquals(store.get(USER, "id-007").orElseThrow(), found.get(expected.indexOf("id-007")));
    assertEquals(List.of(), store.getAll(GROUP, List.of("id-001")));
    assertEquals(List.of(), in(tenantId()).getAll(USER, List.of("id-001")));
    assertEquals(List.of(), store.getAll(USER, List.of()));
  }

  private static List<String> valuesOf(UniqueKeyPage page) {
    return page.entries().stream().map(UniqueKeyPage.Entry::value).toList();
  }

  // ---------------------------------------------------------------- tenant isolation

  @Test
  void tenantsAreIsolated() {
    String a = tenant;
    String b = tenantId();
    in(a).create(user("u1", "alice", "ext-1"));
    in(a).create(user("u2", "bob", "ext-1"));

    assertEquals(Optional.empty(), in(b).get(USER, "u1"));
    assertEquals(Optional.empty(), in(b).findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(List.of(), in(b).findIdsByLookupKey(USER, "externalId", "ext-1"));
    assertEquals(List.of(), in(b).list(USER, Optional.empty(), 10).items());
    assertEquals(0, in(b).count(USER));
    assertThrows(
        StoreException.NotFound.class, () -> in(b).delete(USER, "u1", OptionalLong.empty()));
    StoredResource aliceOfA = in(a).get(USER, "u1").orElseThrow();
    assertThrows(
        StoreException.NotFound.class, () -> in(b).replace(aliceOfA, next(aliceOfA, "{}")));

    StoredResource aliceOfB = user("u1", "alice", "ext-1");
    in(b).create(aliceOfB);
    assertEquals(Optional.of("u1"), in(b).findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(List.of("u1"), in(b).findIdsByLookupKey(USER, "externalId", "ext-1"));
    assertEquals(1, in(b).count(USER));
    assertEquals(2, in(a).count(USER));

    in(b).delete(USER, "u1", OptionalLong.empty());
    assertEquals(Optional.of(aliceOfA), in(a).get(USER, "u1"));
    assertEquals(Optional.of("u1"), in(a).findIdByUniqueKey(USER, "userName", "alice"));
    assertEquals(List.of("u1", "u2"), in(a).findIdsByLookupKey(USER, "externalId", "ext-1"));
  }

  @Test
  void tenantIdsThatCouldForgeKeysAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> in("a#User#L#externalId"));
    assertThrows(IllegalArgumentException.class, () -> in(""));
    assertThrows(IllegalArgumentException.class, () -> in("x#y"));
    assertThrows(IllegalArgumentException.class, () -> in("x".repeat(129)));
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void concurrentCreatesOfOneUniqueValueLetExactlyOneWin() throws Exception {
    List<Outcome> outcomes = concurrently(10, i -> () -> store.create(user("u" + i, "Same")));

    assertEquals(1, outcomes.stream().filter(Outcome::succeeded).count(), outcomes.toString());
    for (Outcome o : outcomes) {
      if (!o.succeeded()) {
        StoreException.UniquenessConflict c =
            assertInstanceOf(StoreException.UniquenessConflict.class, o.failure());
        assertEquals("userName", c.attribute());
      }
    }
    assertEquals(1, store.count(USER));
    String winner = store.findIdByUniqueKey(USER, "userName", "same").orElseThrow();
    assertEquals(List.of(winner), idsOf(store.list(USER, Optional.empty(), 100)));
  }

  @Test
  void concurrentReplacesFromOneVersionLetExactlyOneWin() throws Exception {
    StoredResource v1 = user("u1", "alice");
    store.create(v1);

    List<Outcome> outcomes =
        concurrently(
            10,
            i ->
                () ->
                    store.replace(
                        v1,
                        next(v1, "{\"n\":" + i + "}", Map.of("userName", "name-" + i), Map.of())));

    List<Integer> winners =
        IntStream.range(0, 10).filter(i -> outcomes.get(i).succeeded()).boxed().toList();
    assertEquals(1, winners.size(), outcomes.toString());
    outcomes.stream()
        .filter(o -> !o.succeeded())
        .forEach(o -> assertInstanceOf(StoreException.VersionConflict.class, o.failure()));
    int w = winners.get(0);
    StoredResource stored = store.get(USER, "u1").orElseThrow();
    assertEquals("{\"n\":" + w + "}", stored.document());
    assertEquals(2, stored.version());
    for (int i = 0; i < 10; i++) {
      assertEquals(
          i == w ? Optional.of("u1") : Optional.empty(),
          store.findIdByUniqueKey(USER, "userName", "name-" + i));
    }
    assertEquals(Optional.empty(), store.findIdByUniqueKey(USER, "userName", "alice"));
  }

  @Test
  void concurrentDeletesLetExactlyOneWin() throws Exception {
    store.create(user("u1", "alice"));

    List<Outcome> outcomes =
        concurrently(5, i -> () -> store.delete(USER, "u1", OptionalLong.empty()));

    assertEquals(1, outcomes.stream().filter(Outcome::succeeded).count(), outcomes.toString());
    outcomes.stream()
        .filter(o -> !o.succeeded())
        .forEach(o -> assertInstanceOf(StoreException.NotFound.class, o.failure()));
    assertEquals(0, store.count(USER));
  }

  // ---------------------------------------------------------------- helpers

  private static List<String> idsOf(ResourcePage page) {
    return page.items().stream().map(StoredResource::id).toList();
  }

  /** How one concurrent call ended. */
  protected record Outcome(Throwable failure) {
    boolean succeeded() {
      return failure == null;
    }
  }

  /** Runs {@code n} calls at once (released together) and returns their outcomes in order. */
  protected static List<Outcome> concurrently(int n, java.util.function.IntFunction<Runnable> call)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Runnable r = call.apply(i);
        Callable<Outcome> task =
            () -> {
              ready.countDown();
              go.await();
              try {
                r.run();
                return new Outcome(null);
              } catch (RuntimeException e) {
                return new Outcome(e);
              }
            };
        futures.add(pool.submit(task));
      }
      ready.await();
      go.countDown();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        outcomes.add(f.get(60, TimeUnit.SECONDS));
      }
      assertFalse(outcomes.isEmpty());
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
