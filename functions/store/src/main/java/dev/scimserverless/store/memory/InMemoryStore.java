package dev.scimserverless.store.memory;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourcePage;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.core.store.UniqueKeyPage;
import dev.scimserverless.store.KeyRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The three store ports in memory, for the local endpoint and fast tests. Every operation runs
 * under one read-write lock, so each is atomic and every read sees the latest write (strong
 * consistency, as the DynamoDB adapter). Same key rules ({@link KeyRules}), order and failures as
 * the DynamoDB adapter: the contract suite holds the two equal. A membership change of many users
 * is atomic as a whole (the DynamoDB adapter: per batch), and deleting a resource deletes its
 * memberships in the same atomic step.
 *
 * <p>The outbox ({@link ChangeOutbox}) is a per-tenant list appended under the same write lock as
 * the change it records: a committed write always has its record, a refused one never has.
 */
public final class InMemoryStore
    implements ResourceStore, TenantDirectory, MembershipStore, ChangeOutbox {
  private static final MembershipIndex EMPTY_INDEX = new MembershipIndex();

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Clock clock;
  private final Map<String, MembershipIndex> memberships = new HashMap<>();
  private final Map<Scope, Partition> partitions = new HashMap<>();
  private final NavigableMap<String, Tenant> tenants = new TreeMap<>(KeyRules.KEY_ORDER);
  private final Map<String, TokenRecord> tokensByHash = new HashMap<>();
  private final Map<String, NavigableMap<String, String>> tokenHashesByTenant = new HashMap<>();
  private final Map<String, List<ProvisioningChange>> outbox = new HashMap<>();
  private final Map<String, String> cursors = new HashMap<>();

  /** An empty store on the system clock. */
  public InMemoryStore() {
    this(Clock.systemUTC());
  }

  /**
   * An empty store.
   *
   * @param clock gives the groups' lastModified when a deleted user leaves them
   */
  public InMemoryStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  // ---------------------------------------------------------------- ResourceStore

  @Override
  public void create(String tenant, StoredResource resource, Optional<ProvisioningChange> change) {
    KeyRules.tenant(tenant);
    KeyRules.resource(resource);
    write(
        () -> {
          Partition p = partition(tenant, resource.type());
          if (p.resources.containsKey(resource.id())) {
            throw new StoreException.UniquenessConflict("id");
          }
          for (String attribute : sorted(resource.uniqueKeys())) {
            if (p.holderOf(attribute, resource.uniqueKeys().get(attribute)) != null) {
              throw new StoreException.UniquenessConflict(attribute);
            }
          }
          p.resources.put(resource.id(), resource);
          resource.uniqueKeys().forEach((a, v) -> p.unique(a).put(v, resource.id()));
          resource.lookupKeys().forEach((a, v) -> p.addLookup(a, v, resource.id()));
          change.ifPresent(c -> record(tenant, c));
          return null;
        });
  }

  @Override
  public Optional<StoredResource> get(String tenant, ResourceType type, String id) {
    KeyRules.tenant(tenant);
    KeyRules.sortKey("resource id", id);
    return read(() -> existing(tenant, type).map(p -> p.resources.get(id)));
  }

  @Override
  public void replace(
      String tenant,
      StoredResource previous,
      StoredResource next,
      Optional<ProvisioningChange> change) {
    KeyRules.tenant(tenant);
    KeyRules.replacement(previous, next);
    write(
        () -> {
          Partition p = partition(tenant, next.type());
          StoredResource stored = p.resources.get(next.id());
          if (stored == null) {
            throw new StoreException.NotFound(next.type().scimName() + " " + next.id());
          }
          if (stored.version() != previous.version()) {
            throw new StoreException.VersionConflict(
                "stored version " + stored.version() + ", expected " + previous.version());
          }
          for (String attribute : sorted(next.uniqueKeys())) {
            String value = next.uniqueKeys().get(attribute);
            String holder = p.holderOf(attribute, value);
            if (!value.equals(stored.uniqueKeys().get(attribute)) && holder != null) {
              throw new StoreException.UniquenessConflict(attribute);
            }
          }
          p.removeKeys(stored);
          p.resources.put(next.id(), next);
          next.uniqueKeys().forEach((a, v) -> p.unique(a).put(v, next.id()));
          next.lookupKeys().forEach((a, v) -> p.addLookup(a, v, next.id()));
          change.ifPresent(c -> record(tenant, c));
          return null;
        });
  }

  @Override
  public void delete(
      String tenant,
      ResourceType type,
      String id,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    KeyRules.tenant(tenant);
    KeyRules.sortKey("resource id", id);
    write(
        () -> {
          Partition p = partition(tenant, type);
          StoredResource stored = p.resources.get(id);
          if (stored == null) {
            throw new StoreException.NotFound(type.scimName() + " " + id);
          }
          if (expectedVersion.isPresent() && expectedVersion.getAsLong() != stored.version()) {
            throw new StoreException.VersionConflict(
                "stored version " + stored.version() + ", expected " + expectedVersion.getAsLong());
          }
          p.removeKeys(stored);
          p.resources.remove(id);
          change.ifPresent(c -> record(tenant, c.withVersion(stored.version())));
          MembershipIndex index = memberships.get(tenant);
          if (index != null) {
            switch (type.membership()) {
              case MEMBER -> {
                Instant now = clock.instant();
                index.removeUser(id).forEach(groupId -> touchGroup(tenant, groupId, now));
              }
              case GROUP -> index.removeGroup(id);
              case NONE -> {}
            }
          }
          return null;
        });
  }

  @Override
  public Optional<String> findIdByUniqueKey(
      String tenant, ResourceType type, String attribute, String normalizedValue) {
    KeyRules.tenant(tenant);
    KeyRules.uniqueKey(attribute, normalizedValue);
    return read(() -> existing(tenant, type).map(p -> p.holderOf(attribute, normalizedValue)));
  }

  @Override
  public List<String> findIdsByLookupKey(
      String tenant, ResourceType type, String attribute, String value) {
    KeyRules.tenant(tenant);
    KeyRules.lookupKey(attribute, value);
    return read(
        () ->
            existing(tenant, type)
                .map(p -> p.lookup.getOrDefault(attribute, Map.of()).get(value))
                .<List<String>>map(ArrayList::new)
                .orElse(List.of()));
  }

  @Override
  public ResourcePage list(String tenant, ResourceType type, Optional<String> afterId, int limit) {
    KeyRules.tenant(tenant);
    KeyRules.limit(limit);
    afterId.ifPresent(id -> KeyRules.sortKey("afterId", id));
    return read(
        () -> {
          Optional<Partition> p = existing(tenant, type);
          if (p.isEmpty() || limit == 0) {
            return new ResourcePage(List.of(), Optional.empty());
          }
          NavigableMap<String, StoredResource> rest =
              afterId.isPresent()
                  ? p.get().resources.tailMap(afterId.get(), false)
                  : p.get().resources;
          List<StoredResource> items = new ArrayList<>();
          for (StoredResource r : rest.values()) {
            if (items.size() == limit) {
              return new ResourcePage(items, Optional.of(items.get(limit - 1).id()));
            }
            items.add(r);
          }
          return new ResourcePage(items, Optional.empty());
        });
  }

  @Override
  public long count(String tenant, ResourceType type) {
    KeyRules.tenant(tenant);
    return read(() -> existing(tenant, type).map(p -> (long) p.resources.size()).orElse(0L));
  }

  @Override
  public UniqueKeyPage listUniqueKeys(
      String tenant,
      ResourceType type,
      String attribute,
      Optional<String> afterValue,
      boolean descending,
      int limit) {
    KeyRules.uniqueKeyListing(tenant, attribute, afterValue, limit);
    return read(
        () -> {
          NavigableMap<String, String> all =
              existing(tenant, type).map(p -> p.unique.get(attribute)).orElse(null);
          if (all == null || limit == 0) {
            return new UniqueKeyPage(List.of(), Optional.empty());
          }
          NavigableMap<String, String> ordered = descending ? all.descendingMap() : all;
          NavigableMap<String, String> rest =
              afterValue.isPresent() ? ordered.tailMap(afterValue.get(), false) : ordered;
          List<UniqueKeyPage.Entry> entries = new ArrayList<>();
          for (Map.Entry<String, String> e : rest.entrySet()) {
            if (entries.size() == limit) {
              return new UniqueKeyPage(entries, Optional.of(entries.get(limit - 1).value()));
            }
            entries.add(new UniqueKeyPage.Entry(e.getKey(), e.getValue()));
          }
          return new UniqueKeyPage(entries, Optional.empty());
        });
  }

  @Override
  public List<StoredResource> getAll(String tenant, ResourceType type, List<String> ids) {
    KeyRules.tenant(tenant);
    ids.forEach(id -> KeyRules.sortKey("resource id", id));
    return read(
        () -> {
          Optional<Partition> p = existing(tenant, type);
          if (p.isEmpty()) {
            return List.of();
          }
          List<StoredResource> out = new ArrayList<>();
          Set<String> seen = new java.util.HashSet<>();
          for (String id : ids) {
            StoredResource r = p.get().resources.get(id);
            if (r != null && seen.add(id)) {
              out.add(r);
            }
          }
          return out;
        });
  }

  // ---------------------------------------------------------------- MembershipStore

  @Override
  public Set<String> missingUsers(String tenant, Collection<String> userIds) {
    KeyRules.tenant(tenant);
    SortedSet<String> ids = KeyRules.distinctIds(userIds);
    return read(
        () -> {
          SortedSet<String> missing = new TreeSet<>(KeyRules.KEY_ORDER);
          for (String id : ids) {
            if (!isUser(tenant, id)) {
              missing.add(id);
            }
          }
          return Collections.unmodifiableSortedSet(missing);
        });
  }

  @Override
  public void addMembers(
      String tenant,
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    SortedSet<String> users = KeyRules.membershipChange(tenant, groupId, userIds, now);
    if (users.isEmpty()) {
      return;
    }
    write(
        () -> {
          requireGroup(tenant, groupId);
          requireVersion(tenant, groupId, expectedVersion);
          Optional<String> unkeyable =
              users.stream().filter(id -> !KeyRules.isSortKey(id)).findFirst();
          Optional<String> invalid =
              unkeyable.or(() -> users.stream().filter(id -> !isUser(tenant, id)).findFirst());
          if (invalid.isPresent()) {
            throw new StoreException.InvalidMember(invalid.get());
          }
          MembershipIndex index = memberships.computeIfAbsent(tenant, t -> new MembershipIndex());
          users.forEach(userId -> index.add(groupId, userId));
          touchGroup(tenant, groupId, now);
          change.ifPresent(c -> record(tenant, c.batch(0, List.copyOf(users), List.of())));
          return null;
        });
  }

  @Override
  public void removeMembers(
      String tenant,
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    SortedSet<String> users = KeyRules.membershipChange(tenant, groupId, userIds, now);
    if (users.isEmpty()) {
      return;
    }
    write(
        () -> {
          requireGroup(tenant, groupId);
          requireVersion(tenant, groupId, expectedVersion);
          MembershipIndex index = memberships.get(tenant);
          if (index != null) {
            users.forEach(userId -> index.remove(groupId, userId));
          }
          touchGroup(tenant, groupId, now);
          change.ifPresent(c -> record(tenant, c.batch(0, List.of(), List.copyOf(users))));
          return null;
        });
  }

  @Override
  public MemberPage members(
      String tenant, String groupId, Optional<String> afterUserId, int limit) {
    KeyRules.tenant(tenant);
    KeyRules.sortKey("group id", groupId);
    KeyRules.limit(limit);
    afterUserId.ifPresent(id -> KeyRules.sortKey("afterUserId", id));
    if (limit == 0) {
      return new MemberPage(List.of(), Optional.empty());
    }
    return read(
        () -> {
          NavigableSet<String> all = index(tenant).members(groupId);
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
  public boolean isMember(String tenant, String groupId, String userId) {
    KeyRules.tenant(tenant);
    KeyRules.sortKey("group id", groupId);
    return read(() -> index(tenant).contains(groupId, userId));
  }

  @Override
  public List<String> groupsOf(String tenant, String userId) {
    KeyRules.tenant(tenant);
    KeyRules.sortKey("user id", userId);
    return read(() -> List.copyOf(index(tenant).groupsOf(userId)));
  }

  // ---------------------------------------------------------------- TenantDirectory

  @Override
  public void createTenant(Tenant tenant) {
    KeyRules.tenant(tenant.id());
    write(
        () -> {
          if (tenants.putIfAbsent(tenant.id(), tenant) != null) {
            throw new StoreException.UniquenessConflict("id");
          }
          return null;
        });
  }

  @Override
  public Optional<Tenant> getTenant(String tenantId) {
    KeyRules.tenant(tenantId);
    return read(() -> Optional.ofNullable(tenants.get(tenantId)));
  }

  @Override
  public List<Tenant> listTenants() {
    return read(() -> List.copyOf(tenants.values()));
  }

  @Override
  public void setTenantDisabled(String tenantId, boolean disabled) {
    KeyRules.tenant(tenantId);
    write(
        () -> {
          Tenant t = tenants.get(tenantId);
          if (t == null) {
            throw new StoreException.NotFound("tenant " + tenantId);
          }
          tenants.put(tenantId, new Tenant(t.id(), t.name(), disabled, t.created()));
          return null;
        });
  }

  @Override
  public void putToken(TokenRecord token) {
    KeyRules.tenant(token.tenant());
    KeyRules.sortKey("token hash", token.hash());
    KeyRules.sortKey("token id", token.tokenId());
    write(
        () -> {
          if (tokensByHash.containsKey(token.hash())) {
            throw new StoreException.UniquenessConflict("hash");
          }
          NavigableMap<String, String> ofTenant =
              tokenHashesByTenant.computeIfAbsent(
                  token.tenant(), t -> new TreeMap<>(KeyRules.KEY_ORDER));
          if (ofTenant.containsKey(token.tokenId())) {
            throw new StoreException.UniquenessConflict("tokenId");
          }
          tokensByHash.put(token.hash(), token);
          ofTenant.put(token.tokenId(), token.hash());
          return null;
        });
  }

  @Override
  public Optional<TokenRecord> findTokenByHash(String hash) {
    KeyRules.sortKey("token hash", hash);
    return read(() -> Optional.ofNullable(tokensByHash.get(hash)));
  }

  @Override
  public List<TokenRecord> listTokens(String tenantId) {
    KeyRules.tenant(tenantId);
    return read(
        () ->
            tokenHashesByTenant.getOrDefault(tenantId, new TreeMap<>()).values().stream()
                .map(tokensByHash::get)
                .toList());
  }

  @Override
  public void revokeToken(String tenantId, String tokenId) {
    KeyRules.tenant(tenantId);
    KeyRules.sortKey("token id", tokenId);
    write(
        () -> {
          String hash = tokenHashesByTenant.getOrDefault(tenantId, new TreeMap<>()).get(tokenId);
          if (hash == null) {
            throw new StoreException.NotFound("token " + tokenId);
          }
          TokenRecord t = tokensByHash.get(hash);
          tokensByHash.put(
              hash,
              new TokenRecord(t.tokenId(), t.tenant(), t.hash(), t.created(), t.lastUsed(), true));
          return null;
        });
  }

  @Override
  public void touchToken(String hash, Instant usedAt) {
    Objects.requireNonNull(usedAt, "usedAt");
    if (hash == null || hash.isEmpty()) {
      return;
    }
    write(
        () -> {
          TokenRecord t = tokensByHash.get(hash);
          if (t != null) {
            tokensByHash.put(
                hash,
                new TokenRecord(
                    t.tokenId(),
                    t.tenant(),
                    t.hash(),
                    t.created(),
                    Optional.of(usedAt),
                    t.revoked()));
          }
          return null;
        });
  }

  // ---------------------------------------------------------------- ChangeOutbox

  /** Cursors are the position in the tenant's list, zero-padded so that text order is order. */
  @Override
  public List<Entry> changesAfter(String tenant, Optional<String> afterCursor, int limit) {
    KeyRules.tenant(tenant);
    KeyRules.limit(limit);
    int from = afterCursor.map(c -> Integer.parseInt(c) + 1).orElse(0);
    return read(
        () -> {
          List<ProvisioningChange> all = outbox.getOrDefault(tenant, List.of());
          List<Entry> out = new ArrayList<>();
          for (int i = from; i < all.size() && out.size() < limit; i++) {
            out.add(new Entry(cursorOf(i), all.get(i)));
          }
          return out;
        });
  }

  @Override
  public Optional<String> cursor(String tenant, String consumer) {
    return read(() -> Optional.ofNullable(cursors.get(tenant + "\u0000" + consumer)));
  }

  @Override
  public void saveCursor(String tenant, String consumer, String cursor) {
    write(() -> cursors.put(tenant + "\u0000" + consumer, cursor));
  }

  private static String cursorOf(int index) {
    return String.format("%012d", index);
  }

  /** Appends a change to the outbox; called under the write lock of the change. */
  private void record(String tenant, ProvisioningChange change) {
    outbox.computeIfAbsent(tenant, t -> new ArrayList<>()).add(change);
  }

  // ---------------------------------------------------------------- internals

  private <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private MembershipIndex index(String tenant) {
    return memberships.getOrDefault(tenant, EMPTY_INDEX);
  }

  private boolean isUser(String tenant, String id) {
    return existing(tenant, ResourceType.USER).map(p -> p.resources.containsKey(id)).orElse(false);
  }

  private void requireGroup(String tenant, String groupId) {
    if (existing(tenant, ResourceType.GROUP).map(p -> p.resources.get(groupId)).isEmpty()) {
      throw new StoreException.NotFound("Group " + groupId);
    }
  }

  /** VersionConflict unless the existing group has the expected version (when there is one). */
  private void requireVersion(String tenant, String groupId, OptionalLong expectedVersion) {
    if (expectedVersion.isEmpty()) {
      return;
    }
    long stored = partition(tenant, ResourceType.GROUP).resources.get(groupId).version();
    if (stored != expectedVersion.getAsLong()) {
      throw new StoreException.VersionConflict(
          "stored version " + stored + ", expected " + expectedVersion.getAsLong());
    }
  }

  /** A membership change: the group's version grows by one, lastModified becomes {@code now}. */
  private void touchGroup(String tenant, String groupId, Instant now) {
    Partition p = partition(tenant, ResourceType.GROUP);
    StoredResource g = p.resources.get(groupId);
    if (g != null) {
      p.resources.put(
          groupId,
          new StoredResource(
              g.type(),
              g.id(),
              g.document(),
              g.version() + 1,
              g.created(),
              now,
              g.uniqueKeys(),
              g.lookupKeys()));
    }
  }

  /** Distinct ids in key order. */
  private Partition partition(String tenant, ResourceType type) {
    return partitions.computeIfAbsent(new Scope(tenant, type), s -> new Partition());
  }

  private Optional<Partition> existing(String tenant, ResourceType type) {
    return Optional.ofNullable(partitions.get(new Scope(tenant, type)));
  }

  private static List<String> sorted(Map<String, String> keys) {
    return keys.keySet().stream().sorted(KeyRules.KEY_ORDER).toList();
  }

  private record Scope(String tenant, ResourceType type) {}

  /** The resources of one tenant and type with their key indexes. */
  private static final class Partition {
    final NavigableMap<String, StoredResource> resources = new TreeMap<>(KeyRules.KEY_ORDER);

    /** attribute → normalised value (in key order) → id. */
    final Map<String, NavigableMap<String, String>> unique = new HashMap<>();

    /** attribute → value → ids. */
    final Map<String, Map<String, TreeSet<String>>> lookup = new HashMap<>();

    NavigableMap<String, String> unique(String attribute) {
      return unique.computeIfAbsent(attribute, a -> new TreeMap<>(KeyRules.KEY_ORDER));
    }

    String holderOf(String attribute, String value) {
      Map<String, String> values = unique.get(attribute);
      return values == null ? null : values.get(value);
    }

    void addLookup(String attribute, String value, String id) {
      lookup
          .computeIfAbsent(attribute, a -> new HashMap<>())
          .computeIfAbsent(value, v -> new TreeSet<>(KeyRules.KEY_ORDER))
          .add(id);
    }

    void removeKeys(StoredResource stored) {
      stored.uniqueKeys().forEach((a, v) -> unique(a).remove(v, stored.id()));
      stored
          .lookupKeys()
          .forEach(
              (a, v) -> {
                Map<String, TreeSet<String>> byValue = lookup.get(a);
                TreeSet<String> ids = byValue == null ? null : byValue.get(v);
                if (ids != null) {
                  ids.remove(stored.id());
                  if (ids.isEmpty()) {
                    byValue.remove(v);
                  }
                }
              });
    }
  }
}
