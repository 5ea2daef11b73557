package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.document.Projection;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.GroupService;
import dev.scimserverless.core.service.ListQuery;
import dev.scimserverless.core.service.ListResult;
import dev.scimserverless.core.service.QueryExtensions;
import dev.scimserverless.core.service.QueryLimits;
import dev.scimserverless.core.service.ResourceService;
import dev.scimserverless.core.service.ScimResource;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourcePage;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TenantStore;
import dev.scimserverless.core.store.UniqueKeyPage;
import dev.scimserverless.store.memory.InMemoryStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which store calls each query shape makes (the plans of docs/data-model.md, "Query"), paging
 * without re-reads, and the scan bound, on the in-memory store behind a call recorder, with small
 * limits: pages of 10 (at most 20), 30 resources scanned, 40 index keys skipped per request.
 */
class QueryPlannerTest {
  private static final String T = "org-q";
  private static final QueryLimits LIMITS = new QueryLimits(10, 20, 30, 40);
  private static final int USERS = 50;

  private RecordingStore store;
  private TenantStore scope;
  private ResourceService users;
  private ResourceService groups;
  private final List<String> ids = new ArrayList<>();

  @BeforeEach
  void setUp() {
    store = new RecordingStore(new InMemoryStore());
    scope = store.forTenant(TenantId.of(T));
    SchemaRegistry registry = SchemaRegistry.standard();
    users =
        new ResourceService(
            ResourceType.USER, registry, Clock.systemUTC(), QueryExtensions.NONE, LIMITS);
    groups =
        new ResourceService(
            ResourceType.GROUP,
            registry,
            Clock.systemUTC(),
            GroupService.queryExtensions(),
            LIMITS);
    ids.clear();
    for (int i = 1; i <= USERS; i++) {
      ScimResource u =
          users.create(
              scope,
              Json.parseObject(
                  """
                  {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
                   "userName":"User%02d","externalId":"x%d","active":%s}
                  """
                      .formatted(i, i % 5, i % 10 != 0)));
      ids.add(u.id());
    }
    store.calls.clear();
  }

  private ListResult list(ListQuery q) {
    return users.list(scope, q);
  }

  private static ListQuery filter(String f) {
    return ListQuery.all().withFilter(Optional.of(f));
  }

  private static List<String> userNames(ListResult r) {
    return r.resources().stream().map(u -> u.document().path("userName").asText()).toList();
  }

  // ---------------------------------------------------------------- key lookups

  @Test
  void userNameEqualityIsOneKeyLookup() {
    ListResult r = list(filter("userName eq \"USER07\""));
    assertEquals(List.of("User07"), userNames(r));
    assertEquals(OptionalLong.of(1), r.totalResults());
    assertEquals(List.of("findIdByUniqueKey", "getAll"), store.names());
  }

  @Test
  void keyEqualityOnEitherSideOfAndIsAKeyLookup() {
    ListResult r = list(filter("active eq true and userName eq \"user03\""));
    assertEquals(List.of("User03"), userNames(r));
    assertEquals(List.of("findIdByUniqueKey", "getAll"), store.names());
    store.calls.clear();
    assertEquals(
        0, list(filter("active eq false and id eq \"" + ids.get(2) + "\"")).resources().size());
    assertEquals(List.of("getAll"), store.names());
  }

  @Test
  void orOfKeyEqualitiesIsKeyLookupsAndExternalIdFindsAllHolders() {
    ListResult r =
        list(
            filter("userName eq \"user01\" or externalId eq \"x2\"")
                .withSort(Optional.of("userName"), false)
                .withCount(20));
    // x2: users 2, 7, 12, ... 47
    List<String> expected = new ArrayList<>(List.of("User01"));
    IntStream.rangeClosed(1, USERS)
        .filter(i -> i % 5 == 2)
        .forEach(i -> expected.add(String.format("User%02d", i)));
    assertEquals(expected, userNames(r));
    assertEquals(List.of("findIdByUniqueKey", "findIdsByLookupKey", "getAll"), store.names());
    store.calls.clear();
    ScimException e =
        assertThrows(
            ScimException.class, () -> list(filter("userName eq \"user01\" or active eq false")));
    assertEquals(ScimType.tooMany, e.scimType().orElseThrow(), "an or with a non-key side scans");
  }

  @Test
  void valuesNoKeyCanHoldMatchNothingWithoutAStoreCall() {
    assertEquals(0, list(filter("userName eq \"\"")).resources().size());
    assertEquals(0, list(filter("externalId eq \"" + "e".repeat(300) + "\"")).resources().size());
    assertEquals(0, list(filter("id eq \"" + "\u00e9".repeat(600) + "\"")).resources().size());
    assertEquals(List.of(), store.names());
  }

  @Test
  void groupDisplayNameAndMemberEqualityAreKeyLookups() {
    ScimResource g =
        groups.create(
            scope,
            Json.parseObject(
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"Admins\"}"));
    scope.memberships().addMembers(g.id(), List.of(ids.get(0)), Instant.now());
    store.calls.clear();
    assertEquals(1, groups.list(scope, filter("displayName eq \"ADMINS\"")).resources().size());
    assertEquals(
        1,
        groups
            .list(
                scope, filter("members[value eq \"" + ids.get(0) + "\"] and displayName sw \"a\""))
            .resources()
            .size());
    assertFalse(store.names().contains("list"), store.names().toString());
  }

  // ---------------------------------------------------------------- unfiltered

  @Test
  void indexPagingWalksTheUniqueKeysThenReadsThePageInOneCall() {
    ListResult page = list(ListQuery.all().withStartIndex(21).withCount(5));
    assertEquals(List.of("User21", "User22", "User23", "User24", "User25"), userNames(page));
    assertEquals(OptionalLong.of(USERS), page.totalResults());
    assertEquals(List.of("count", "listUniqueKeys", "getAll"), store.names());
    assertEquals(25, store.keysRead, "20 skipped, 5 read: the index, not the resources");
  }

  @Test
  void indexPagingBeyondTheSkipBoundIsTooManyAndBeyondTheEndIsEmpty() {
    ScimException e =
        assertThrows(ScimException.class, () -> list(ListQuery.all().withStartIndex(42)));
    assertEquals(ScimType.tooMany, e.scimType().orElseThrow());
    assertTrue(e.detail().contains("cursor"), e.detail());
    store.calls.clear();
    ListResult beyond = list(ListQuery.all().withStartIndex(51));
    assertEquals(0, beyond.resources().size());
    assertEquals(OptionalLong.of(USERS), beyond.totalResults());
    assertEquals(List.of("count"), store.names());
  }

  @Test
  void cursorPagesReadOnFromTheLastIdAndNeverReRead() {
    Set<String> seen = new HashSet<>();
    Optional<String> cursor = Optional.of("");
    int pages = 0;
    String lastOfPrevious = null;
    while (cursor.isPresent()) {
      store.calls.clear();
      ListResult page = list(ListQuery.all().withCursor(cursor.get()).withCount(20));
      pages++;
      assertEquals(OptionalLong.of(USERS), page.totalResults());
      assertEquals(List.of("list", "count"), store.names());
      assertEquals(Optional.ofNullable(lastOfPrevious), store.listAfter.get(0));
      page.resources().forEach(r -> assertTrue(seen.add(r.id())));
      lastOfPrevious = page.resources().get(page.resources().size() - 1).id();
      cursor = page.nextCursor();
    }
    assertEquals(3, pages);
    assertEquals(new HashSet<>(ids), seen);
  }

  @Test
  void countZeroReadsOnlyTheCounter() {
    ListResult r = list(ListQuery.all().withCount(0));
    assertEquals(OptionalLong.of(USERS), r.totalResults());
    assertEquals(List.of(), r.resources());
    assertEquals(List.of("count"), store.names());
  }

  @Test
  void countIsCappedAtMaxResults() {
    assertEquals(20, list(ListQuery.all().withCount(1000)).resources().size());
    assertEquals(10, list(ListQuery.all()).resources().size());
  }

  // ---------------------------------------------------------------- scans

  @Test
  void filteredIndexPagingOverTheScanBoundIsTooMany() {
    ScimException e = assertThrows(ScimException.class, () -> list(filter("userName co \"1\"")));
    assertEquals(400, e.status());
    assertEquals(ScimType.tooMany, e.scimType().orElseThrow());
    assertTrue(e.detail().contains("cursor"), e.detail());
    assertFalse(store.names().contains("list"), "refused on the counter, before reading");
  }

  @Test
  void filteredCursorPagingStopsAtTheScanBoundAndContinuesWhereItStopped() {
    // active eq false: users 10, 20, 30, 40, 50 (in userName order; ids are random)
    Set<String> found = new HashSet<>();
    Optional<String> cursor = Optional.of("");
    int pages = 0;
    String lastReturned = null;
    while (cursor.isPresent()) {
      store.calls.clear();
      store.itemsListed = 0;
      ListResult page = list(filter("active eq false").withCursor(cursor.get()).withCount(3));
      pages++;
      assertTrue(store.itemsListed <= 30, "at most 30 read per request: " + store.itemsListed);
      assertTrue(page.resources().size() <= 3);
      assertTrue(page.totalResults().isEmpty(), "unknown unless one request read everything");
      if (lastReturned != null) {
        String from = store.listAfter.get(0).orElseThrow();
        assertTrue(from.compareTo(lastReturned) >= 0, "no page re-reads an earlier one");
      }
      for (ScimResource r : page.resources()) {
        assertTrue(found.add(r.id()));
        lastReturned = r.id();
      }
      cursor = page.nextCursor();
    }
    assertEquals(5, found.size());
    assertTrue(pages >= 2, "30 of 50 read per request: at least two pages");
  }

  @Test
  void filteredCursorPagingKnowsTheTotalWhenOneRequestReadTheWholePartition() {
    TenantStore small = store.forTenant(TenantId.of("org-small"));
    for (int i = 1; i <= 12; i++) {
      users.create(
          small,
          Json.parseObject(
              "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                  + "\"userName\":\"small"
                  + i
                  + "\"}"));
    }
    ListResult r = users.list(small, filter("userName sw \"small1\"").withCursor("").withCount(20));
    assertEquals(4, r.resources().size());
    assertEquals(OptionalLong.of(4), r.totalResults());
    assertEquals(Optional.empty(), r.nextCursor());
    ListResult firstTwo =
        users.list(small, filter("userName sw \"small1\"").withCursor("").withCount(2));
    assertEquals(2, firstTwo.resources().size());
    assertTrue(firstTwo.nextCursor().isPresent());
    assertEquals(OptionalLong.empty(), firstTwo.totalResults());
  }

  @Test
  void sortingByAnAttributeNoIndexOrdersIsBoundedToo() {
    ScimException e =
        assertThrows(
            ScimException.class,
            () -> list(ListQuery.all().withSort(Optional.of("externalId"), false)));
    assertEquals(ScimType.tooMany, e.scimType().orElseThrow());
    assertTrue(e.detail().contains("userName"), e.detail());
    ListResult byName = list(ListQuery.all().withSort(Optional.of("userName"), true).withCount(3));
    assertEquals(List.of("User50", "User49", "User48"), userNames(byName));
  }

  @Test
  void sortedKeyLookupPagesByCursorInSortOrder() {
    ListQuery q =
        filter("externalId eq \"x1\" or externalId eq \"x3\"")
            .withSort(Optional.of("userName"), true)
            .withCount(4);
    List<String> names = new ArrayList<>();
    Optional<String> cursor = Optional.of("");
    while (cursor.isPresent()) {
      ListResult page = list(q.withCursor(cursor.get()));
      assertEquals(OptionalLong.of(20), page.totalResults());
      names.addAll(userNames(page));
      cursor = page.nextCursor();
    }
    List<String> expected =
        IntStream.iterate(USERS, i -> i >= 1, i -> i - 1)
            .filter(i -> i % 5 == 1 || i % 5 == 3)
            .mapToObj(i -> String.format("User%02d", i))
            .toList();
    assertEquals(expected, names);
  }

  @Test
  void cursorsAreBoundToTheirQuery() {
    String next = list(ListQuery.all().withCursor("").withCount(5)).nextCursor().orElseThrow();
    for (ListQuery other :
        List.of(
            filter("active eq true").withCursor(next),
            ListQuery.all().withSort(Optional.of("userName"), false).withCursor(next),
            ListQuery.all().withCursor(next + "x"),
            ListQuery.all().withCursor("eyJmIjoiYSJ9"))) {
      ScimException e = assertThrows(ScimException.class, () -> list(other));
      assertEquals(ScimType.invalidCursor, e.scimType().orElseThrow(), other.toString());
    }
    ScimException e =
        assertThrows(
            ScimException.class, () -> groups.list(scope, ListQuery.all().withCursor(next)));
    assertEquals(ScimType.invalidCursor, e.scimType().orElseThrow());
    // the same query with another count or projection may go on
    assertEquals(7, list(ListQuery.all().withCursor(next).withCount(7)).resources().size());
  }

  @Test
  void invalidFiltersAndSortsAreClientErrors() {
    for (String f : List.of("userName eq \"open", "(active eq true", "userName zz 1", "")) {
      if (f.isEmpty()) {
        continue;
      }
      ScimException e = assertThrows(ScimException.class, () -> list(filter(f)));
      assertEquals(ScimType.invalidFilter, e.scimType().orElseThrow(), f);
    }
    ScimException e =
        assertThrows(
            ScimException.class,
            () -> list(ListQuery.all().withSort(Optional.of("emails[type eq \"x\"]"), false)));
    assertEquals(400, e.status());
  }

  @Test
  void userServiceKeepsThePagingOfTheList() {
    dev.scimserverless.core.service.UserService service =
        new dev.scimserverless.core.service.UserService(users, store);
    ListResult r =
        service.list(
            TenantId.of(T),
            ListQuery.all().withCursor("").withCount(5),
            Projection.of("groups", null));
    assertTrue(r.nextCursor().isPresent());
    assertTrue(r.cursorPaging());
  }

  // ---------------------------------------------------------------- recorder

  /** The in-memory store, recording which port methods each request calls. */
  static final class RecordingStore implements ScimStore {
    final InMemoryStore delegate;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Optional<String>> listAfter = new CopyOnWriteArrayList<>();
    int keysRead;
    int itemsListed;

    RecordingStore(InMemoryStore delegate) {
      this.delegate = delegate;
    }

    /** This recorder as the ports of the tenant (one tenant at a time). */
    @Override
    public TenantStore forTenant(TenantId tenant) {
      Ports ports = new Ports(delegate.forTenant(tenant));
      return new TenantStore(tenant, ports, ports);
    }

    List<String> names() {
      return List.copyOf(calls);
    }

    private void record(String name) {
      if (calls.isEmpty()) {
        listAfter.clear();
        keysRead = 0;
      }
      calls.add(name);
    }

    /** The recorded ports of one tenant. */
    final class Ports implements ResourceStore, MembershipStore {
      private final TenantStore target;

      Ports(TenantStore target) {
        this.target = target;
      }

      @Override
      public void create(StoredResource resource, Optional<ProvisioningChange> change) {
        record("create");
        target.resources().create(resource, change);
      }

      @Override
      public Optional<StoredResource> get(ResourceType type, String id) {
        record("get");
        return target.resources().get(type, id);
      }

      @Override
      public void replace(
          StoredResource previous, StoredResource next, Optional<ProvisioningChange> change) {
        record("replace");
        target.resources().replace(previous, next, change);
      }

      @Override
      public void delete(
          ResourceType type,
          String id,
          OptionalLong expected,
          Optional<ProvisioningChange> change) {
        record("delete");
        target.resources().delete(type, id, expected, change);
      }

      @Override
      public Optional<String> findIdByUniqueKey(
          ResourceType type, String attribute, String normalizedValue) {
        record("findIdByUniqueKey");
        return target.resources().findIdByUniqueKey(type, attribute, normalizedValue);
      }

      @Override
      public List<String> findIdsByLookupKey(ResourceType type, String attribute, String value) {
        record("findIdsByLookupKey");
        return target.resources().findIdsByLookupKey(type, attribute, value);
      }

      @Override
      public ResourcePage list(ResourceType type, Optional<String> afterId, int limit) {
        record("list");
        listAfter.add(afterId);
        ResourcePage page = target.resources().list(type, afterId, limit);
        itemsListed += page.items().size();
        return page;
      }

      @Override
      public long count(ResourceType type) {
        record("count");
        return target.resources().count(type);
      }

      @Override
      public UniqueKeyPage listUniqueKeys(
          ResourceType type,
          String attribute,
          Optional<String> afterValue,
          boolean descending,
          int limit) {
        record("listUniqueKeys");
        UniqueKeyPage page =
            target.resources().listUniqueKeys(type, attribute, afterValue, descending, limit);
        keysRead += page.entries().size();
        return page;
      }

      @Override
      public List<StoredResource> getAll(ResourceType type, List<String> ids) {
        record("getAll");
        return target.resources().getAll(type, ids);
      }

      @Override
      public Set<String> missingUsers(Collection<String> userIds) {
        return target.memberships().missingUsers(userIds);
      }

      @Override
      public void addMembers(
          String groupId,
          Collection<String> userIds,
          Instant now,
          OptionalLong expectedVersion,
          Optional<ProvisioningChange> change) {
        target.memberships().addMembers(groupId, userIds, now, expectedVersion, change);
      }

      @Override
      public void removeMembers(
          String groupId,
          Collection<String> userIds,
          Instant now,
          OptionalLong expectedVersion,
          Optional<ProvisioningChange> change) {
        target.memberships().removeMembers(groupId, userIds, now, expectedVersion, change);
      }

      @Override
      public MemberPage members(String groupId, Optional<String> afterUserId, int limit) {
        return target.memberships().members(groupId, afterUserId, limit);
      }

      @Override
      public boolean isMember(String groupId, String userId) {
        record("isMember");
        return target.memberships().isMember(groupId, userId);
      }

      @Override
      public List<String> groupsOf(String userId) {
        record("groupsOf");
        return target.memberships().groupsOf(userId);
      }
    }
  }
}
