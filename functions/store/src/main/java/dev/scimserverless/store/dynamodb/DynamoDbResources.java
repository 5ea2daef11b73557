package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.dynamodb.DynamoDbTable.NOT_EXISTS;
import static dev.scimserverless.store.dynamodb.DynamoDbTable.PK_NAME;
import static dev.scimserverless.store.dynamodb.DynamoDbTable.unconditional;
import static dev.scimserverless.store.dynamodb.Keys.SK;
import static dev.scimserverless.store.dynamodb.Keys.key;
import static dev.scimserverless.store.dynamodb.Keys.n;
import static dev.scimserverless.store.dynamodb.Keys.s;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.ResourcePage;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.UniqueKeyPage;
import dev.scimserverless.store.KeyRules;
import dev.scimserverless.store.dynamodb.Calls.Write;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The {@link ResourceStore} of one tenant on the table: resource items with their unique, lookup
 * and counter items, each write one transaction (docs/data-model.md, "Access patterns"). Deleting a
 * resource deletes its memberships after the resource itself ({@link #delete}).
 */
final class DynamoDbResources implements ResourceStore {
  private static final int MAX_ATTEMPTS = 5;

  private final DynamoDbTable db;
  private final DynamoDbClient client;
  private final String table;
  private final Calls calls;
  private final Clock clock;
  private final Duration retention;
  private final Executor groupCascades;
  private final DynamoDbMemberships memberships;
  private final String tenant;

  DynamoDbResources(
      DynamoDbTable db,
      Clock clock,
      Duration retention,
      Executor groupCascades,
      DynamoDbMemberships memberships,
      String tenant) {
    this.db = db;
    this.client = db.client;
    this.table = db.table;
    this.calls = db.calls;
    this.clock = clock;
    this.retention = retention;
    this.groupCascades = groupCascades;
    this.memberships = memberships;
    this.tenant = tenant;
  }

  @Override
  public void create(StoredResource resource, Optional<ProvisioningChange> change) {
    KeyRules.resource(resource);
    ResourceType type = resource.type();
    List<Write> writes = new ArrayList<>();
    writes.add(
        new Write(
            db.put(Items.resource(tenant, resource), NOT_EXISTS, PK_NAME, Map.of(), false),
            reason -> new StoreException.UniquenessConflict("id")));
    for (String attribute : sorted(resource.uniqueKeys())) {
      writes.add(
          new Write(
              db.put(
                  uniqueItem(type, attribute, resource.uniqueKeys().get(attribute), resource.id()),
                  NOT_EXISTS,
                  PK_NAME,
                  Map.of(),
                  false),
              reason -> new StoreException.UniquenessConflict(attribute)));
    }
    resource
        .lookupKeys()
        .forEach((a, v) -> writes.add(unconditional(putLookup(type, a, v, resource.id()))));
    writes.add(unconditional(addToCounter(type, 1)));
    addChange(writes, change);
    calls.transact(writes);
  }

  /** Adds the puts of a change's items to a transaction. */
  private void addChange(List<Write> writes, Optional<ProvisioningChange> change) {
    change.ifPresent(
        c -> ChangeItems.puts(table, c, retention).forEach(put -> writes.add(unconditional(put))));
  }

  @Override
  public Optional<StoredResource> get(ResourceType type, String id) {
    KeyRules.sortKey("resource id", id);
    return db.getItem(key(Keys.resources(tenant, type), id))
        .map(item -> Items.resource(type, item));
  }

  @Override
  public void replace(
      StoredResource previous, StoredResource next, Optional<ProvisioningChange> change) {
    KeyRules.replacement(previous, next);
    ResourceType type = next.type();
    String id = next.id();
    String versionMatches = "#ver = :prev";
    Map<String, String> verName = Map.of("#ver", Items.VER);
    Map<String, AttributeValue> prevVersion = Map.of(":prev", n(previous.version()));
    Map<String, AttributeValue> item = Items.resource(tenant, next);

    List<Write> writes = new ArrayList<>();
    writes.add(
        new Write(
            db.put(item, versionMatches, verName, prevVersion, true),
            reason ->
                staleOrGone(reason.hasItem() ? reason.item() : null, previous.version(), id)));
    for (String attribute : changed(previous.uniqueKeys(), next.uniqueKeys())) {
      String oldValue = previous.uniqueKeys().get(attribute);
      String newValue = next.uniqueKeys().get(attribute);
      if (oldValue != null) {
        writes.add(
            new Write(
                TransactWriteItem.builder()
                    .delete(
                        Delete.builder()
                            .tableName(table)
                            .key(key(Keys.unique(tenant, type, attribute), oldValue))
                            .conditionExpression("#id = :id")
                            .expressionAttributeNames(Map.of("#id", Items.ID))
                            .expressionAttributeValues(Map.of(":id", s(id)))
                            .build())
                    .build(),
                reason ->
                    new StoreException.VersionConflict(
                        "previous " + attribute + " is not held by " + id)));
      }
      if (newValue != null) {
        writes.add(
            new Write(
                db.put(
                    uniqueItem(type, attribute, newValue, id),
                    NOT_EXISTS,
                    PK_NAME,
                    Map.of(),
                    false),
                reason -> new StoreException.UniquenessConflict(attribute)));
      }
    }
    for (String attribute : changed(previous.lookupKeys(), next.lookupKeys())) {
      String oldValue = previous.lookupKeys().get(attribute);
      String newValue = next.lookupKeys().get(attribute);
      if (oldValue != null) {
        writes.add(
            unconditional(db.deleteItem(key(Keys.lookup(tenant, type, attribute, oldValue), id))));
      }
      if (newValue != null) {
        writes.add(unconditional(putLookup(type, attribute, newValue, id)));
      }
    }
    addChange(writes, change);

    if (writes.size() > 1) {
      calls.transact(writes);
      return;
    }
    try {
      calls.call(
          () ->
              client.putItem(
                  PutItemRequest.builder()
                      .tableName(table)
                      .item(item)
                      .conditionExpression(versionMatches)
                      .expressionAttributeNames(verName)
                      .expressionAttributeValues(prevVersion)
                      .returnValuesOnConditionCheckFailure(
                          ReturnValuesOnConditionCheckFailure.ALL_OLD)
                      .build()));
    } catch (ConditionalCheckFailedException e) {
      throw staleOrGone(e.hasItem() ? e.item() : null, previous.version(), id);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>After the resource, deletes its memberships: a deleted group's membership items, a deleted
   * user's memberships in every group (bumping each group's version). A crash in between leaves
   * orphaned membership items; a delete that finds no resource finishes such a cascade before it
   * throws {@link StoreException.NotFound}, so a retried DELETE cleans up.
   *
   * <p>The change's items are written in the resource's delete transaction; the cascade after it
   * writes none (the change names the groups a user leaves).
   */
  @Override
  public void delete(
      ResourceType type,
      String id,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    KeyRules.sortKey("resource id", id);
    try {
      deleteResource(type, id, expectedVersion, change);
    } catch (StoreException.NotFound e) {
      deleteMemberships(type, id); // finishes a cascade cut short
      throw e;
    }
    if (type.membership() == ResourceType.Membership.GROUP
        && groupCascades != DynamoDbStore.CASCADE_INLINE) {
      groupCascades.execute(
          () -> {
            try {
              memberships.groupDeleted(id);
            } catch (RuntimeException failure) {
              // the items stay until a retried DELETE or check --repair: say so, whole
              System.err.println(
                  "{\"level\":\"ERROR\",\"message\":\"group membership cascade stopped; a"
                      + " retried DELETE or scim-admin check --repair finishes it\",\"tenant\":\""
                      + tenant
                      + "\",\"groupId\":\""
                      + id
                      + "\",\"error\":\""
                      + failure.getClass().getSimpleName()
                      + "\"}");
            }
          });
    } else {
      deleteMemberships(type, id);
    }
  }

  private void deleteMemberships(ResourceType type, String id) {
    switch (type.membership()) {
      case MEMBER -> memberships.userDeleted(id, clock.instant());
      case GROUP -> memberships.groupDeleted(id);
      case NONE -> {}
    }
  }

  private void deleteResource(
      ResourceType type,
      String id,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    Map<String, AttributeValue> resourceKey = key(Keys.resources(tenant, type), id);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      StoredResource stored =
          db.getItem(resourceKey)
              .map(item -> Items.resource(type, item))
              .orElseThrow(() -> new StoreException.NotFound(type.scimName() + " " + id));
      if (expectedVersion.isPresent() && expectedVersion.getAsLong() != stored.version()) {
        throw new StoreException.VersionConflict(
            "stored version " + stored.version() + ", expected " + expectedVersion.getAsLong());
      }
      List<Write> writes = new ArrayList<>();
      writes.add(
          new Write(
              TransactWriteItem.builder()
                  .delete(
                      Delete.builder()
                          .tableName(table)
                          .key(resourceKey)
                          .conditionExpression("#ver = :ver")
                          .expressionAttributeNames(Map.of("#ver", Items.VER))
                          .expressionAttributeValues(Map.of(":ver", n(stored.version())))
                          .returnValuesOnConditionCheckFailure(
                              ReturnValuesOnConditionCheckFailure.ALL_OLD)
                          .build())
                  .build(),
              reason -> {
                if (!reason.hasItem() || reason.item().isEmpty()) {
                  return new StoreException.NotFound(type.scimName() + " " + id);
                }
                if (expectedVersion.isPresent()) {
                  return new StoreException.VersionConflict("written concurrently: " + id);
                }
                return new Raced();
              }));
      stored
          .uniqueKeys()
          .forEach(
              (a, v) ->
                  writes.add(unconditional(db.deleteItem(key(Keys.unique(tenant, type, a), v)))));
      stored
          .lookupKeys()
          .forEach(
              (a, v) ->
                  writes.add(
                      unconditional(db.deleteItem(key(Keys.lookup(tenant, type, a, v), id)))));
      writes.add(unconditional(addToCounter(type, -1)));
      long deleted = stored.version();
      addChange(writes, change.map(c -> c.withVersion(deleted)));
      try {
        calls.transact(writes);
        return;
      } catch (Raced e) {
        // replaced between our read and our delete: read again
      }
    }
    throw new StoreException.Unavailable("resource kept changing: " + id, true, null);
  }

  @Override
  public Optional<String> findIdByUniqueKey(
      ResourceType type, String attribute, String normalizedValue) {
    KeyRules.uniqueKey(attribute, normalizedValue);
    return db.getItem(key(Keys.unique(tenant, type, attribute), normalizedValue))
        .map(item -> item.get(Items.ID).s());
  }

  @Override
  public List<String> findIdsByLookupKey(ResourceType type, String attribute, String value) {
    KeyRules.lookupKey(attribute, value);
    return db.queryAll(Keys.lookup(tenant, type, attribute, value)).stream()
        .map(item -> item.get(SK).s())
        .toList();
  }

  @Override
  public ResourcePage list(ResourceType type, Optional<String> afterId, int limit) {
    KeyRules.limit(limit);
    afterId.ifPresent(id -> KeyRules.sortKey("afterId", id));
    if (limit == 0) {
      return new ResourcePage(List.of(), Optional.empty());
    }
    // One more than asked tells whether a next page exists.
    int wanted = limit == Integer.MAX_VALUE ? limit : limit + 1;
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", s(Keys.resources(tenant, type)));
    String condition = "#pk = :pk";
    Map<String, String> names = new HashMap<>(PK_NAME);
    if (afterId.isPresent()) {
      condition += " AND #sk > :after";
      names.put("#sk", SK);
      values.put(":after", s(afterId.get()));
    }
    List<StoredResource> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest request =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression(condition)
              .expressionAttributeNames(names)
              .expressionAttributeValues(values)
              .consistentRead(true)
              .limit(wanted - items.size())
              .exclusiveStartKey(start)
              .build();
      QueryResponse response = calls.call(() -> client.query(request));
      response.items().forEach(item -> items.add(Items.resource(type, item)));
      start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty() && items.size() < wanted);

    if (items.size() > limit) {
      List<StoredResource> page = items.subList(0, limit);
      return new ResourcePage(page, Optional.of(page.get(limit - 1).id()));
    }
    return new ResourcePage(items, Optional.empty());
  }

  @Override
  public long count(ResourceType type) {
    return db.getItem(key(Keys.counter(tenant, type), Keys.SINGLETON))
        .map(item -> Long.parseLong(item.get(Items.COUNT).n()))
        .orElse(0L);
  }

  @Override
  public UniqueKeyPage listUniqueKeys(
      ResourceType type,
      String attribute,
      Optional<String> afterValue,
      boolean descending,
      int limit) {
    KeyRules.uniqueKeyListing(attribute, afterValue, limit);
    if (limit == 0) {
      return new UniqueKeyPage(List.of(), Optional.empty());
    }
    int wanted = limit == Integer.MAX_VALUE ? limit : limit + 1;
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", s(Keys.unique(tenant, type, attribute)));
    Map<String, String> names = new HashMap<>(PK_NAME);
    names.put("#sk", SK);
    names.put("#id", Items.ID);
    String condition = "#pk = :pk";
    if (afterValue.isPresent()) {
      condition += descending ? " AND #sk < :after" : " AND #sk > :after";
      values.put(":after", s(afterValue.get()));
    }
    List<UniqueKeyPage.Entry> entries = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest request =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression(condition)
              .expressionAttributeNames(names)
              .expressionAttributeValues(values)
              .projectionExpression("#sk, #id")
              .scanIndexForward(!descending)
              .consistentRead(true)
              .limit(wanted - entries.size())
              .exclusiveStartKey(start)
              .build();
      QueryResponse response = calls.call(() -> client.query(request));
      response
          .items()
          .forEach(
              item ->
                  entries.add(new UniqueKeyPage.Entry(item.get(SK).s(), item.get(Items.ID).s())));
      start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty() && entries.size() < wanted);

    if (entries.size() > limit) {
      List<UniqueKeyPage.Entry> page = entries.subList(0, limit);
      return new UniqueKeyPage(page, Optional.of(page.get(limit - 1).value()));
    }
    return new UniqueKeyPage(entries, Optional.empty());
  }

  @Override
  public List<StoredResource> getAll(ResourceType type, List<String> ids) {
    ids.forEach(id -> KeyRules.sortKey("resource id", id));
    List<String> distinct = ids.stream().distinct().toList();
    Map<String, StoredResource> byId = new HashMap<>();
    String pk = Keys.resources(tenant, type);
    for (int from = 0; from < distinct.size(); from += Calls.BATCH_GET_LIMIT) {
      List<String> chunk =
          distinct.subList(from, Math.min(distinct.size(), from + Calls.BATCH_GET_LIMIT));
      calls
          .batchGet(table, chunk.stream().map(id -> key(pk, id)).toList(), null, Map.of())
          .forEach(
              item -> {
                StoredResource r = Items.resource(type, item);
                byId.put(r.id(), r);
              });
    }
    return distinct.stream().map(byId::get).filter(Objects::nonNull).toList();
  }

  // ---------------------------------------------------------------- actions

  private TransactWriteItem putLookup(
      ResourceType type, String attribute, String value, String id) {
    return TransactWriteItem.builder()
        .put(
            Put.builder()
                .tableName(table)
                .item(key(Keys.lookup(tenant, type, attribute, value), id))
                .build())
        .build();
  }

  private TransactWriteItem addToCounter(ResourceType type, long delta) {
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table)
                .key(key(Keys.counter(tenant, type), Keys.SINGLETON))
                .updateExpression("ADD #n :d")
                .expressionAttributeNames(Map.of("#n", Items.COUNT))
                .expressionAttributeValues(Map.of(":d", n(delta)))
                .build())
        .build();
  }

  private Map<String, AttributeValue> uniqueItem(
      ResourceType type, String attribute, String value, String id) {
    Map<String, AttributeValue> item =
        new HashMap<>(key(Keys.unique(tenant, type, attribute), value));
    item.put(Items.ID, s(id));
    return item;
  }

  private static StoreException staleOrGone(
      Map<String, AttributeValue> old, long expected, String id) {
    if (old == null || old.isEmpty()) {
      return new StoreException.NotFound("resource " + id);
    }
    return new StoreException.VersionConflict(
        "stored version " + Items.version(old) + ", expected " + expected);
  }

  /** The attributes whose value differs between two key maps, in key order. */
  private static List<String> changed(Map<String, String> before, Map<String, String> after) {
    TreeSet<String> attributes = new TreeSet<>(KeyRules.KEY_ORDER);
    attributes.addAll(before.keySet());
    attributes.addAll(after.keySet());
    attributes.removeIf(a -> Objects.equals(before.get(a), after.get(a)));
    return List.copyOf(attributes);
  }

  private static List<String> sorted(Map<String, String> keys) {
    return keys.keySet().stream().sorted(KeyRules.KEY_ORDER).toList();
  }

  /** The resource changed between the read and the delete: read again. */
  private static final class Raced extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Raced() {
      super(null, null, false, false);
    }
  }
}
