package dev.scimserverless.store.memory;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.ResourcePage;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.UniqueKeyPage;
import dev.scimserverless.store.KeyRules;
import dev.scimserverless.store.memory.InMemoryStore.Partition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@link ResourceStore} of one tenant on an {@link InMemoryStore}: its resources and key
 * indexes, under the store's lock (a delete removes the memberships in the same atomic step).
 */
final class InMemoryResources implements ResourceStore {
  private final InMemoryStore store;
  private final String tenant;

  InMemoryResources(InMemoryStore store, String tenant) {
    this.store = store;
    this.tenant = tenant;
  }

  @Override
  public void create(StoredResource resource, Optional<ProvisioningChange> change) {
    KeyRules.resource(resource);
    store.write(
        () -> {
          Partition p = store.partition(tenant, resource.type());
          if (p.resources.containsKey(resource.id())) {
            throw new StoreException.UniquenessConflict("id");
          }
          for (String attribute : store.sorted(resource.uniqueKeys())) {
            if (p.holderOf(attribute, resource.uniqueKeys().get(attribute)) != null) {
              throw new StoreException.UniquenessConflict(attribute);
            }
          }
          p.resources.put(resource.id(), resource);
          resource.uniqueKeys().forEach((a, v) -> p.unique(a).put(v, resource.id()));
          resource.lookupKeys().forEach((a, v) -> p.addLookup(a, v, resource.id()));
          change.ifPresent(c -> store.record(tenant, c));
          return null;
        });
  }

  @Override
  public Optional<StoredResource> get(ResourceType type, String id) {
    KeyRules.sortKey("resource id", id);
    return store.read(() -> store.existing(tenant, type).map(p -> p.resources.get(id)));
  }

  @Override
  public void replace(
      StoredResource previous, StoredResource next, Optional<ProvisioningChange> change) {
    KeyRules.replacement(previous, next);
    store.write(
        () -> {
          Partition p = store.partition(tenant, next.type());
          StoredResource stored = p.resources.get(next.id());
          if (stored == null) {
            throw new StoreException.NotFound(next.type().scimName() + " " + next.id());
          }
          if (stored.version() != previous.version()) {
            throw new StoreException.VersionConflict(
                "stored version " + stored.version() + ", expected " + previous.version());
          }
          for (String attribute : store.sorted(next.uniqueKeys())) {
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
          change.ifPresent(c -> store.record(tenant, c));
          return null;
        });
  }

  @Override
  public void delete(
      ResourceType type,
      String id,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    KeyRules.sortKey("resource id", id);
    store.write(
        () -> {
          Partition p = store.partition(tenant, type);
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
          change.ifPresent(c -> store.record(tenant, c.withVersion(stored.version())));
          MembershipIndex index = store.memberships.get(tenant);
          if (index != null) {
            switch (type.membership()) {
              case MEMBER -> {
                Instant now = store.clock.instant();
                index.removeUser(id).forEach(groupId -> store.touchGroup(tenant, groupId, now));
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
      ResourceType type, String attribute, String normalizedValue) {
    KeyRules.uniqueKey(attribute, normalizedValue);
    return store.read(
        () -> store.existing(tenant, type).map(p -> p.holderOf(attribute, normalizedValue)));
  }

  @Override
  public List<String> findIdsByLookupKey(ResourceType type, String attribute, String value) {
    KeyRules.lookupKey(attribute, value);
    return store.read(
        () ->
            store
                .existing(tenant, type)
                .map(p -> p.lookup.getOrDefault(attribute, Map.of()).get(value))
                .<List<String>>map(ArrayList::new)
                .orElse(List.of()));
  }

  @Override
  public ResourcePage list(ResourceType type, Optional<String> afterId, int limit) {
    KeyRules.limit(limit);
    afterId.ifPresent(id -> KeyRules.sortKey("afterId", id));
    return store.read(
        () -> {
          Optional<Partition> p = store.existing(tenant, type);
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
  public long count(ResourceType type) {
    return store.read(
        () -> store.existing(tenant, type).map(p -> (long) p.resources.size()).orElse(0L));
  }

  @Override
  public UniqueKeyPage listUniqueKeys(
      ResourceType type,
      String attribute,
      Optional<String> afterValue,
      boolean descending,
      int limit) {
    KeyRules.uniqueKeyListing(attribute, afterValue, limit);
    return store.read(
        () -> {
          NavigableMap<String, String> all =
              store.existing(tenant, type).map(p -> p.unique.get(attribute)).orElse(null);
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
  public List<StoredResource> getAll(ResourceType type, List<String> ids) {
    ids.forEach(id -> KeyRules.sortKey("resource id", id));
    return store.read(
        () -> {
          Optional<Partition> p = store.existing(tenant, type);
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
}
