package dev.scimserverless.store;

import static dev.scimserverless.store.testsupport.Fixtures.T0;
import static dev.scimserverless.store.testsupport.Fixtures.group;
import static dev.scimserverless.store.testsupport.Fixtures.next;
import static dev.scimserverless.store.testsupport.Fixtures.tenantId;
import static dev.scimserverless.store.testsupport.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.change.ProvisioningChange.Operation;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TenantStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox every adapter must keep: a write given its {@link ProvisioningChange} records it
 * atomically (a committed write always, a refused one never), per tenant in commit order, readable
 * from a cursor; relays' cursors are kept per tenant and consumer.
 */
public abstract class ChangeOutboxContract {
  private static final Instant NOW = T0.plusSeconds(60);

  /** The ports of one store. */
  protected record Subject(ScimStore store, ChangeOutbox outbox) {
    /** The ports of one adapter. */
    public static <S extends ScimStore & ChangeOutbox> Subject of(S store) {
      return new Subject(store, store);
    }
  }

  private ResourceStore resources;
  private MembershipStore memberships;
  private ChangeOutbox outbox;
  private String tenant;
  private int sequence;

  /** A new, empty store (called before each test). */
  protected abstract Subject newSubject();

  @BeforeEach
  void setUpStore() {
    Subject subject = newSubject();
    tenant = tenantId();
    TenantStore scope = subject.store().forTenant(TenantId.of(tenant));
    resources = scope.resources();
    memberships = scope.memberships();
    outbox = subject.outbox();
  }

  private ProvisioningChange change(
      ResourceType type, String id, Operation op, long version, List<String> attributes) {
    return new ProvisioningChange(
        UUID.randomUUID().toString(),
        NOW.plusMillis(sequence++),
        tenant,
        type,
        id,
        op,
        attributes,
        List.of(),
        List.of(),
        List.of(),
        version,
        Optional.empty(),
        type == ResourceType.USER ? Optional.of(true) : Optional.empty(),
        op == Operation.DELETE ? Optional.empty() : Optional.of("{\"id\":\"" + id + "\"}"),
        "tok_1",
        "req-" + sequence);
  }

  private List<ProvisioningChange> changes() {
    return outbox.changesAfter(tenant, Optional.empty(), 1000).stream()
        .map(ChangeOutbox.Entry::change)
        .toList();
  }

  @Test
  void committedWritesAreRecordedInCommitOrderWithTheirChange() {
    StoredResource u = user("u1", "bjensen");
    ProvisioningChange created = change(ResourceType.USER, "u1", Operation.CREATE, 1, List.of("x"));
    resources.create(u, Optional.of(created));
    StoredResource u2 = next(u, "{\"userName\":\"bjensen\",\"active\":false}");
    ProvisioningChange patched =
        change(ResourceType.USER, "u1", Operation.PATCH, 2, List.of("active"));
    resources.replace(u, u2, Optional.of(patched));
    resources.create(group("g1", "Eng"), Optional.empty()); // no change given: no record
    ProvisioningChange deleted =
        change(ResourceType.USER, "u1", Operation.DELETE, 0, List.of())
            .withVersion(0); // the store sets the version deleted
    resources.delete(ResourceType.USER, "u1", OptionalLong.empty(), Optional.of(deleted));

    List<ProvisioningChange> recorded = changes();
    assertEquals(3, recorded.size());
    assertEquals(created, recorded.get(0));
    assertEquals(patched, recorded.get(1));
    assertEquals(deleted.withVersion(2), recorded.get(2), "the version deleted is recorded");
    assertEquals(List.of(), outbox.changesAfter(tenantId(), Optional.empty(), 10), "per tenant");
  }

  @Test
  void refusedWritesRecordNothing() {
    resources.create(user("u1", "taken"), Optional.empty());
    StoredResource g = group("g1", "Eng");
    resources.create(g, Optional.empty());

    assertThrows(
        StoreException.UniquenessConflict.class,
        () ->
            resources.create(
                user("u2", "TAKEN"),
                Optional.of(change(ResourceType.USER, "u2", Operation.CREATE, 1, List.of()))));
    StoredResource stale = next(g, "{\"displayName\":\"Ops\"}");
    resources.replace(g, stale, Optional.empty());
    assertThrows(
        StoreException.VersionConflict.class,
        () ->
            resources.replace(
                g,
                stale,
                Optional.of(change(ResourceType.GROUP, "g1", Operation.REPLACE, 2, List.of()))));
    assertThrows(
        StoreException.NotFound.class,
        () ->
            resources.delete(
                ResourceType.USER,
                "nobody",
                OptionalLong.empty(),
                Optional.of(change(ResourceType.USER, "nobody", Operation.DELETE, 0, List.of()))));
    assertThrows(
        StoreException.VersionConflict.class,
        () ->
            resources.delete(
                ResourceType.USER,
                "u1",
                OptionalLong.of(7),
                Optional.of(change(ResourceType.USER, "u1", Operation.DELETE, 0, List.of()))));
    assertThrows(
        StoreException.InvalidMember.class,
        () ->
            memberships.addMembers(
                "g1",
                List.of("u1", "ghost"),
                NOW,
                OptionalLong.empty(),
                Optional.of(members("g1", List.of("u1", "ghost"), List.of()))));
    assertThrows(
        StoreException.VersionConflict.class,
        () ->
            memberships.removeMembers(
                "g1",
                List.of("u1"),
                NOW,
                OptionalLong.of(1),
                Optional.of(members("g1", List.of(), List.of("u1")))));

    assertEquals(List.of(), changes());
  }

  private ProvisioningChange members(String groupId, List<String> added, List<String> removed) {
    return change(ResourceType.GROUP, groupId, Operation.PATCH, 0, List.of("members"))
        .batch(0, added, removed);
  }

  @Test
  void aMemberBatchIsRecordedWithEachAtomicWriteAndCoversEveryUser() {
    resources.create(group("g1", "Eng"), Optional.empty());
    List<String> users = IntStream.range(0, 70).mapToObj(i -> String.format("u%03d", i)).toList();
    users.forEach(id -> resources.create(user(id, id), Optional.empty()));
    ProvisioningChange add = members("g1", List.of(), List.of());

    memberships.addMembers("g1", users, NOW, OptionalLong.empty(), Optional.of(add));
    ProvisioningChange remove = members("g1", List.of(), List.of());
    memberships.removeMembers(
        "g1", users.subList(0, 3), NOW, OptionalLong.empty(), Optional.of(remove));

    List<ProvisioningChange> recorded = changes();
    List<String> added = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    ProvisioningChange last = recorded.get(recorded.size() - 1);
    assertEquals(remove.id(), last.id());
    for (ProvisioningChange c : recorded.subList(0, recorded.size() - 1)) {
      assertTrue(ids.add(c.id()), "distinct record ids");
      assertTrue(c.id().startsWith(add.id()));
      assertEquals("g1", c.resourceId());
      added.addAll(c.membersAdded());
    }
    assertEquals(add.id(), recorded.get(0).id(), "the first batch keeps the change's id");
    assertEquals(users, added);
    assertEquals(users.subList(0, 3), last.membersRemoved(), "then the remove");
  }

  @Test
  void changesAreReadFromACursorInPages() {
    for (int i = 0; i < 5; i++) {
      resources.create(
          user("u" + i, "user" + i),
          Optional.of(change(ResourceType.USER, "u" + i, Operation.CREATE, 1, List.of())));
    }
    List<ChangeOutbox.Entry> first = outbox.changesAfter(tenant, Optional.empty(), 2);
    assertEquals(2, first.size());
    List<ChangeOutbox.Entry> rest =
        outbox.changesAfter(tenant, Optional.of(first.get(1).cursor()), 10);
    assertEquals(
        List.of("u2", "u3", "u4"), rest.stream().map(e -> e.change().resourceId()).toList());
    assertTrue(first.get(1).cursor().compareTo(rest.get(0).cursor()) < 0, "cursors increase");
    assertEquals(
        List.of(), outbox.changesAfter(tenant, Optional.of(rest.get(2).cursor()), 10), "the end");
  }

  @Test
  void cursorsAreKeptPerTenantAndConsumer() {
    assertEquals(Optional.empty(), outbox.cursor(tenant, "webhook"));
    outbox.saveCursor(tenant, "webhook", "c1");
    outbox.saveCursor(tenant, "events", "c9");
    outbox.saveCursor(tenant, "webhook", "c2");
    assertEquals(Optional.of("c2"), outbox.cursor(tenant, "webhook"));
    assertEquals(Optional.of("c9"), outbox.cursor(tenant, "events"));
    assertEquals(Optional.empty(), outbox.cursor(tenantId(), "webhook"));
  }
}
