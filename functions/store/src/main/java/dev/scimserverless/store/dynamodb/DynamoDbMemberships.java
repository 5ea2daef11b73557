package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.dynamodb.Keys.PK;
import static dev.scimserverless.store.dynamodb.Keys.SK;
import static dev.scimserverless.store.dynamodb.Keys.key;
import static dev.scimserverless.store.dynamodb.Keys.n;
import static dev.scimserverless.store.dynamodb.Keys.s;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.store.KeyRules;
import dev.scimserverless.store.dynamodb.Calls.Retry;
import dev.scimserverless.store.dynamodb.Calls.Write;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Group membership on the table: one membership item per (group, user) in the group's member
 * partition and one reverse item per (user, group) in the user's group partition, written together
 * in transactions that also bump the group's version. The items, the calls per operation and the
 * retry story are in docs/data-model.md ("Memberships").
 */
final class DynamoDbMemberships implements MembershipStore {
  /**
   * Users per add transaction: group update, the change's items, then (user check, membership,
   * reverse) per user.
   */
  static final int USERS_PER_ADD = (Calls.TRANSACTION_LIMIT - 1 - ChangeItems.ITEMS_PER_CHANGE) / 3;

  /** Users per remove transaction: group update, the change's items, (membership, reverse) each. */
  static final int USERS_PER_REMOVE =
      (Calls.TRANSACTION_LIMIT - 1 - ChangeItems.ITEMS_PER_CHANGE) / 2;

  /** Groups per transaction when a deleted user leaves its groups: 3 actions per group. */
  static final int GROUPS_PER_LEAVE = Calls.TRANSACTION_LIMIT / 3;

  /** BatchWriteItems in flight at once while a deleted group's memberships are deleted. */
  static final int CASCADE_PARALLELISM = 4;

  private static final String EXISTS = "attribute_exists(#pk)";
  private static final Map<String, String> PK_NAME = Map.of("#pk", PK);
  private static final Map<String, String> KEY_NAMES = Map.of("#pk", PK, "#sk", SK);

  private final DynamoDbClient client;
  private final String table;
  private final Calls calls;
  private final java.time.Duration retention;
  private final String tenant;

  /** The memberships of one tenant (checked by {@link dev.scimserverless.core.store.TenantId}). */
  DynamoDbMemberships(DynamoDbTable db, java.time.Duration retention, String tenant) {
    this.client = db.client;
    this.table = db.table;
    this.calls = db.calls;
    this.retention = retention;
    this.tenant = tenant;
  }

  /** Adds the puts of one batch's change record to its transaction. */
  private void addChange(
      List<Write> writes,
      Optional<ProvisioningChange> change,
      int batch,
      List<String> added,
      List<String> removed) {
    change.ifPresent(
        c ->
            ChangeItems.puts(table, c.batch(batch, added, removed), retention)
                .forEach(put -> writes.add(unconditional(put))));
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Set<String> missingUsers(Collection<String> userIds) {
    SortedSet<String> missing = new TreeSet<>(KeyRules.KEY_ORDER);
    List<String> keyable = new ArrayList<>();
    for (String id : KeyRules.distinctIds(userIds)) {
      if (KeyRules.isSortKey(id)) {
        keyable.add(id);
      } else {
        missing.add(id);
      }
    }
    Set<String> found = new HashSet<>();
    String users = Keys.resources(tenant, ResourceType.USER);
    for (List<String> chunk : chunks(keyable, Calls.BATCH_GET_LIMIT)) {
      calls
          .batchGet(table, chunk.stream().map(id -> key(users, id)).toList(), "#pk, #sk", KEY_NAMES)
          .forEach(item -> found.add(item.get(SK).s()));
    }
    keyable.stream().filter(id -> !found.contains(id)).forEach(missing::add);
    return Collections.unmodifiableSortedSet(missing);
  }

  @Override
  public MemberPage members(String groupId, Optional<String> afterUserId, int limit) {
    KeyRules.sortKey("group id", groupId);
    KeyRules.limit(limit);
    afterUserId.ifPresent(id -> KeyRules.sortKey("afterUserId", id));
    if (limit == 0) {
      return new MemberPage(List.of(), Optional.empty());
    }
    // One more than asked tells whether a next page exists.
    int wanted = limit == Integer.MAX_VALUE ? limit : limit + 1;
    List<String> ids = sortKeys(Keys.members(tenant, groupId), afterUserId, wanted);
    if (ids.size() > limit) {
      List<String> page = ids.subList(0, limit);
      return new MemberPage(page, Optional.of(page.get(limit - 1)));
    }
    return new MemberPage(ids, Optional.empty());
  }

  @Override
  public boolean isMember(String groupId, String userId) {
    KeyRules.sortKey("group id", groupId);
    if (!KeyRules.isSortKey(userId)) {
      return false;
    }
    return exists(key(Keys.members(tenant, groupId), userId));
  }

  @Override
  public List<String> groupsOf(String userId) {
    KeyRules.sortKey("user id", userId);
    return sortKeys(Keys.groupsOf(tenant, userId), Optional.empty(), Integer.MAX_VALUE);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void addMembers(
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    SortedSet<String> users = KeyRules.membershipChange(groupId, userIds, now);
    if (users.isEmpty()) {
      return;
    }
    Optional<String> unkeyable = users.stream().filter(id -> !KeyRules.isSortKey(id)).findFirst();
    if (unkeyable.isPresent()) {
      // no such user can exist; report a missing group first, as the transaction would
      if (!exists(key(Keys.resources(tenant, ResourceType.GROUP), groupId))) {
        throw groupNotFound(groupId);
      }
      throw new StoreException.InvalidMember(unkeyable.get());
    }
    String userPartition = Keys.resources(tenant, ResourceType.USER);
    String members = Keys.members(tenant, groupId);
    OptionalLong expected = expectedVersion;
    int n = 0;
    for (List<String> batch : chunks(List.copyOf(users), USERS_PER_ADD)) {
      List<Write> writes = new ArrayList<>();
      writes.add(groupWrite(groupId, now, expected));
      addChange(writes, change, n++, batch, List.of());
      expected = OptionalLong.empty(); // later batches follow our own bump
      for (String userId : batch) {
        writes.add(
            new Write(
                checkExists(key(userPartition, userId)),
                r -> new StoreException.InvalidMember(userId)));
        writes.add(unconditional(put(key(members, userId))));
        writes.add(unconditional(put(key(Keys.groupsOf(tenant, userId), groupId))));
      }
      calls.transact(writes, Retry.CONTENDED);
    }
  }

  @Override
  public void removeMembers(
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    SortedSet<String> users = KeyRules.membershipChange(groupId, userIds, now);
    if (users.isEmpty()) {
      return;
    }
    // an id that cannot be a key is no member: nothing to delete, but the version still moves
    List<String> keyable = users.stream().filter(KeyRules::isSortKey).toList();
    String members = Keys.members(tenant, groupId);
    List<List<String>> batches =
        keyable.isEmpty() ? List.of(List.of()) : chunks(keyable, USERS_PER_REMOVE);
    OptionalLong expected = expectedVersion;
    int n = 0;
    for (List<String> batch : batches) {
      List<Write> writes = new ArrayList<>();
      writes.add(groupWrite(groupId, now, expected));
      // an unkeyable id is no member, but the record names it as asked (as the in-memory store)
      addChange(
          writes, change, n, List.of(), n++ == 0 && keyable.isEmpty() ? List.copyOf(users) : batch);
      expected = OptionalLong.empty(); // later batches follow our own bump
      for (String userId : batch) {
        writes.add(unconditional(delete(key(members, userId))));
        writes.add(unconditional(delete(key(Keys.groupsOf(tenant, userId), groupId))));
      }
      calls.transact(writes, Retry.CONTENDED);
    }
  }

  // ---------------------------------------------------------------- cascades of deletes

  /**
   * Deletes the membership and reverse items of a deleted group: page by page (a Query page holds
   * some 10,000 members), 25 deletes per BatchWriteItem, up to {@value #CASCADE_PARALLELISM} of
   * them in flight, each riding out throttling and unprocessed items ({@link Retry#CASCADE}): a big
   * group's cascade runs on after API Gateway answered 504, so it waits for DynamoDB rather than
   * give up. No new member can be added meanwhile (the group item is gone).
   */
  void groupDeleted(String groupId) {
    String members = Keys.members(tenant, groupId);
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest request = sortKeyQuery(members, null, null, start);
      QueryResponse page = calls.call(() -> client.query(request));
      List<WriteRequest> deletes = new ArrayList<>();
      for (Map<String, AttributeValue> item : page.items()) {
        String userId = item.get(SK).s();
        deletes.add(deleteRequest(key(members, userId)));
        deletes.add(deleteRequest(key(Keys.groupsOf(tenant, userId), groupId)));
      }
      batchWriteAll(chunks(deletes, Calls.BATCH_WRITE_LIMIT));
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty());
  }

  /** Runs the BatchWriteItems, several at a time when there are several. */
  private void batchWriteAll(List<List<WriteRequest>> batches) {
    if (batches.size() <= 1) {
      batches.forEach(batch -> calls.batchWrite(table, batch, Retry.CASCADE));
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(CASCADE_PARALLELISM, batches.size()),
            runnable -> {
              Thread thread = new Thread(runnable, "membership-cascade");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (List<WriteRequest> batch : batches) {
        pending.add(pool.submit(() -> calls.batchWrite(table, batch, Retry.CASCADE)));
      }
      for (Future<?> future : pending) {
        future.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException.Unavailable("interrupted while deleting memberships", false, e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Takes a deleted user out of every group it was in: per group, one transaction deletes the
   * membership and reverse items and bumps the group's version. A group that is gone too (its own
   * cascade did not finish) only loses the items.
   */
  void userDeleted(String userId, Instant now) {
    List<String> groups =
        sortKeys(Keys.groupsOf(tenant, userId), Optional.empty(), Integer.MAX_VALUE);
    for (List<String> batch : chunks(groups, GROUPS_PER_LEAVE)) {
      Set<String> gone = new HashSet<>();
      while (true) {
        List<Write> writes = new ArrayList<>();
        for (String groupId : batch) {
          if (!gone.contains(groupId)) {
            writes.add(new Write(touchGroup(groupId, now), r -> new GroupGone(groupId)));
          }
          writes.add(unconditional(delete(key(Keys.members(tenant, groupId), userId))));
          writes.add(unconditional(delete(key(Keys.groupsOf(tenant, userId), groupId))));
        }
        try {
          calls.transact(writes, Retry.CONTENDED);
          break;
        } catch (GroupGone e) {
          gone.add(e.groupId);
        }
      }
    }
  }

  // ---------------------------------------------------------------- requests and actions

  /** The sort keys of a partition after {@code after}, ascending, at most {@code wanted}. */
  private List<String> sortKeys(String pk, Optional<String> after, int wanted) {
    List<String> ids = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Integer limit = wanted == Integer.MAX_VALUE ? null : wanted - ids.size();
      QueryRequest request = sortKeyQuery(pk, after.orElse(null), limit, start);
      QueryResponse response = calls.call(() -> client.query(request));
      response.items().forEach(item -> ids.add(item.get(SK).s()));
      start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty() && ids.size() < wanted);
    return ids;
  }

  private QueryRequest sortKeyQuery(
      String pk, String after, Integer limit, Map<String, AttributeValue> start) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", s(pk));
    String condition = "#pk = :pk";
    if (after != null) {
      condition += " AND #sk > :after";
      values.put(":after", s(after));
    }
    return QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression(condition)
        .projectionExpression("#sk")
        .expressionAttributeNames(KEY_NAMES)
        .expressionAttributeValues(values)
        .consistentRead(true)
        .limit(limit)
        .exclusiveStartKey(start)
        .build();
  }

  private boolean exists(Map<String, AttributeValue> key) {
    GetItemRequest request =
        GetItemRequest.builder()
            .tableName(table)
            .key(key)
            .projectionExpression("#pk")
            .expressionAttributeNames(PK_NAME)
            .consistentRead(true)
            .build();
    Map<String, AttributeValue> item = calls.call(() -> client.getItem(request)).item();
    return item != null && !item.isEmpty();
  }

  /** {@code ADD ver 1 SET lastModified = now} on the group's item, which must exist. */
  private TransactWriteItem touchGroup(String groupId, Instant now) {
    return touchGroup(groupId, now, OptionalLong.empty());
  }

  /**
   * The group's bump in a membership transaction; with an expected version, conditioned on it: a
   * false condition is {@code VersionConflict} when the group exists, {@code NotFound} when not.
   */
  private Write groupWrite(String groupId, Instant now, OptionalLong expected) {
    return new Write(
        touchGroup(groupId, now, expected),
        reason ->
            expected.isPresent() && reason.hasItem() && !reason.item().isEmpty()
                ? new StoreException.VersionConflict(
                    "Group "
                        + groupId
                        + ": stored version "
                        + Items.version(reason.item())
                        + ", expected "
                        + expected.getAsLong())
                : groupNotFound(groupId));
  }

  /**
   * {@code ADD ver 1 SET lastModified = now} on the group's item, which must exist and, when {@code
   * expected} is present, have that version.
   */
  private TransactWriteItem touchGroup(String groupId, Instant now, OptionalLong expected) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":one", n(1));
    values.put(":now", s(now.toString()));
    Update.Builder update =
        Update.builder()
            .tableName(table)
            .key(key(Keys.resources(tenant, ResourceType.GROUP), groupId))
            .updateExpression("ADD #ver :one SET #lm = :now")
            .conditionExpression(EXISTS)
            .expressionAttributeNames(
                Map.of("#pk", PK, "#ver", Items.VER, "#lm", Items.LAST_MODIFIED));
    if (expected.isPresent()) {
      values.put(":expected", n(expected.getAsLong()));
      update
          .conditionExpression(EXISTS + " AND #ver = :expected")
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }
    return TransactWriteItem.builder()
        .update(update.expressionAttributeValues(values).build())
        .build();
  }

  private TransactWriteItem checkExists(Map<String, AttributeValue> key) {
    return TransactWriteItem.builder()
        .conditionCheck(
            ConditionCheck.builder()
                .tableName(table)
                .key(key)
                .conditionExpression(EXISTS)
                .expressionAttributeNames(PK_NAME)
                .build())
        .build();
  }

  private TransactWriteItem put(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table).item(item).build())
        .build();
  }

  private TransactWriteItem delete(Map<String, AttributeValue> key) {
    return TransactWriteItem.builder()
        .delete(Delete.builder().tableName(table).key(key).build())
        .build();
  }

  private static WriteRequest deleteRequest(Map<String, AttributeValue> key) {
    return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build();
  }

  private static Write unconditional(TransactWriteItem item) {
    return new Write(
        item, reason -> new IllegalStateException("unconditional action failed: " + reason));
  }

  private static StoreException groupNotFound(String groupId) {
    return new StoreException.NotFound("Group " + groupId);
  }

  /** Distinct ids in key order (a transaction must not touch one item twice). */
  private static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += size) {
      chunks.add(all.subList(from, Math.min(all.size(), from + size)));
    }
    return chunks;
  }

  /** A group to take a deleted user out of is gone as well. */
  private static final class GroupGone extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String groupId;

    GroupGone(String groupId) {
      super(null, null, false, false);
      this.groupId = groupId;
    }
  }
}
