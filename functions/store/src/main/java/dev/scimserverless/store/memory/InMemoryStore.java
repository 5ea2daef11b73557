package dev.scimserverless.store.memory;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TenantStore;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.store.KeyRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
public final class InMemoryStore implements ScimStore, TenantDirectory, ChangeOutbox {
  private static final MembershipIndex EMPTY_INDEX = new MembershipIndex();

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  final Clock clock;
  final Map<String, MembershipIndex> memberships = new HashMap<>();
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

  /** The ports of one tenant: views on this store's state, under its one lock. */
  @Override
  public TenantStore forTenant(TenantId tenant) {
    return new TenantStore(
        tenant,
        new InMemoryResources(this, tenant.value()),
        new InMemoryMemberships(this, tenant.value()));
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
  void record(String tenant, ProvisioningChange change) {
    outbox.computeIfAbsent(tenant, t -> new ArrayList<>()).add(change);
  }

  // ---------------------------------------------------------------- internals

  <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  MembershipIndex index(String tenant) {
    return memberships.getOrDefault(tenant, EMPTY_INDEX);
  }

  boolean isUser(String tenant, String id) {
    return existing(tenant, ResourceType.USER).map(p -> p.resources.containsKey(id)).orElse(false);
  }

  void requireGroup(String tenant, String groupId) {
    if (existing(tenant, ResourceType.GROUP).map(p -> p.resources.get(groupId)).isEmpty()) {
      throw new StoreException.NotFound("Group " + groupId);
    }
  }

  /** VersionConflict unless the existing group has the expected version (when there is one). */
  void requireVersion(String tenant, String groupId, OptionalLong expectedVersion) {
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
  void touchGroup(String tenant, String groupId, Instant now) {
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
  Partition partition(String tenant, ResourceType type) {
    return partitions.computeIfAbsent(new Scope(tenant, type), s -> new Partition());
  }

  Optional<Partition> existing(String tenant, ResourceType type) {
    return Optional.ofNullable(partitions.get(new Scope(tenant, type)));
  }

  static List<String> sorted(Map<String, String> keys) {
    return keys.keySet().stream().sorted(KeyRules.KEY_ORDER).toList();
  }

  private record Scope(String tenant, ResourceType type) {}

  /** The resources of one tenant and type with their key indexes. */
  static final class Partition {
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
