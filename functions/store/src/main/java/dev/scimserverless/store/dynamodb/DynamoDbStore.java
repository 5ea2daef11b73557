package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.dynamodb.Keys.PK;
import static dev.scimserverless.store.dynamodb.Keys.SK;
import static dev.scimserverless.store.dynamodb.Keys.bool;
import static dev.scimserverless.store.dynamodb.Keys.key;
import static dev.scimserverless.store.dynamodb.Keys.n;
import static dev.scimserverless.store.dynamodb.Keys.s;

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
import dev.scimserverless.store.dynamodb.Calls.Write;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The three store ports on one DynamoDB table (single-table design, keys {@code pk}/{@code sk}, no
 * secondary index). Every read is strongly consistent; every multi-item write is one
 * TransactWriteItems (membership changes of many users: one per batch). The item types, keys and
 * the calls each method makes are documented in docs/data-model.md.
 *
 * <p>Deleting a resource deletes its memberships after the resource itself ({@link #delete}).
 */
public final class DynamoDbStore
    implements ResourceStore, TenantDirectory, MembershipStore, ChangeOutbox {
  /** How long change items (the outbox and audit records) are kept when not told otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(365);

  private static final String NOT_EXISTS = "attribute_not_exists(#pk)";
  private static final String EXISTS = "attribute_exists(#pk)";
  private static final Map<String, String> PK_NAME = Map.of("#pk", PK);
  private static final int MAX_ATTEMPTS = 5;

  /** The authorizer waits at most this long for the best-effort last-use write of a token. */
  static final Duration TOUCH_TIMEOUT = Duration.ofSeconds(1);

  private final DynamoDbClient client;
  private final String table;
  private final Calls calls;
  private final Clock clock;
  private final DynamoDbMemberships memberships;
  private final Duration retention;
  private final Executor groupCascades;

  /**
   * A store on an existing table (see {@link DynamoDbTables#createIfMissing}), on the system clock.
   *
   * @param client the client, e.g. from {@link #clientFor}
   * @param table the table name
   */
  public DynamoDbStore(DynamoDbClient client, String table) {
    this(client, table, Clock.systemUTC());
  }

  /**
   * A store on an existing table.
   *
   * @param client the client, e.g. from {@link #clientFor}
   * @param table the table name
   * @param clock gives the groups' lastModified when a deleted user leaves them
   */
  public DynamoDbStore(DynamoDbClient client, String table, Clock clock) {
    this(client, table, clock, new Calls(Objects.requireNonNull(client, "client")));
  }

  /** With the calls given (tests: a {@link Calls} that does not wait between retries). */
  DynamoDbStore(DynamoDbClient client, String table, Clock clock, Calls calls) {
    this(client, table, clock, calls, DEFAULT_RETENTION, CASCADE_INLINE);
  }

  private DynamoDbStore(
      DynamoDbClient client,
      String table,
      Clock clock,
      Calls calls,
      Duration retention,
      Executor groupCascades) {
    this.client = Objects.requireNonNull(client, "client");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.calls = calls;
    this.retention = Objects.requireNonNull(retention, "retention");
    this.groupCascades = Objects.requireNonNull(groupCascades, "groupCascades");
    this.memberships = new DynamoDbMemberships(client, table, calls, retention);
  }

  /** The same store keeping change items (outbox and audit records) for {@code retention}. */
  public DynamoDbStore withRetention(Duration retention) {
    return new DynamoDbStore(client, table, clock, calls, retention, groupCascades);
  }

  /**
   * The same store running a deleted group's membership cascade on {@code cascades} instead of
   * before {@code delete} returns (docs/data-model.md, "Delete cascades"): the group is gone for
   * every read when the DELETE answers, whatever its size, and its membership items go after. The
   * local endpoint passes a background thread; the Groups function passes {@link
   * #CASCADE_FROM_STREAM}, and the GroupCascade function runs it from the table's stream (the
   * group's delete change item), retried until done. A cascade cut short is finished by a retried
   * DELETE (404) or by {@code scim-admin check --repair}.
   */
  public DynamoDbStore withGroupCascades(Executor cascades) {
    return new DynamoDbStore(client, table, clock, calls, retention, cascades);
  }

  /** The cascade before {@code delete} returns (its failure is the DELETE's): the default. */
  public static final Executor CASCADE_INLINE = Runnable::run;

  /** The cascade is left to the stream's GroupCascade function (AWS). */
  public static final Executor CASCADE_FROM_STREAM = cascade -> {};

  /**
   * Deletes the membership and reverse items of a deleted group (idempotent): what the GroupCascade
   * function runs for a group's delete change item.
   */
  public void finishGroupDelete(String tenant, String groupId) {
    KeyRules.tenant(tenant);
    KeyRules.sortKey("group id", groupId);
    memberships.groupDeleted(tenant, groupId);
  }

  /**
   * Builds a client cheaply (no discovery chains when the values are known) on the SDK's Apache 5
   * HTTP client (docs/performance.md, "HTTP client for the AWS SDK"): 2 s to connect, 10 s per
   * socket read; a connection is reused for at most 60 s after it was opened and 60 s after its
   * last use (wall clock), so DynamoDB's DNS changes reach a long-lived function and a connection
   * kept in a SnapStart snapshot is dropped, not tried, on a restore a minute later; no
   * idle-connection reaper thread (the pool drops expired connections when it leases one). Each
   * call is bounded ({@link ClientLimits}): 2 s per attempt, 3 attempts, 8 s in all, so a throttled
   * or hung DynamoDB ends in {@link StoreException.Unavailable} long before API Gateway's 29 s.
   *
   * @param endpointOverride a local endpoint (Dynoxide, DynamoDB Local), used with static dummy
   *     credentials; {@code null} for AWS, where credentials come from the Lambda environment
   *     variables when present, else from the default provider chain
   * @param region the region; {@code null} reads {@code AWS_REGION} (as set in Lambda), or uses
   *     us-east-1 with an endpoint override
   */
  public static DynamoDbClient clientFor(URI endpointOverride, Region region) {
    return clientFor(endpointOverride, region, List.of());
  }

  /**
   * {@link #clientFor(URI, Region)} with interceptors run on every attempt: the fault harness
   * (infra/bench) injects throttling, failures, latency and connection resets through one. The
   * functions never pass any.
   */
  public static DynamoDbClient clientFor(
      URI endpointOverride, Region region, List<ExecutionInterceptor> interceptors) {
    Duration connectionLife = Duration.ofSeconds(60);
    DynamoDbClientBuilder builder = DynamoDbClient.builder();
    if (!Boolean.getBoolean(SDK_HTTP_CLIENT_PROPERTY)) {
      builder.httpClient(
          Apache5HttpClient.builder()
              .connectionTimeout(Duration.ofSeconds(2))
              .socketTimeout(Duration.ofSeconds(10))
              .connectionTimeToLive(connectionLife)
              .connectionMaxIdleTime(connectionLife)
              .useIdleConnectionReaper(false)
              .build());
    }
    builder.overrideConfiguration(
        interceptors.isEmpty()
            ? ClientLimits.overrideConfiguration()
            : ClientLimits.overrideConfiguration().toBuilder()
                .executionInterceptors(interceptors)
                .build());
    if (Boolean.getBoolean(DEFAULT_CHAINS_PROPERTY)) {
      // measuring only (docs/performance.md, "Cold start levers"): the SDK's discovery chains
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
      if (endpointOverride != null) {
        builder.endpointOverride(endpointOverride);
      }
      return builder.build();
    }
    Region resolved = region != null ? region : defaultRegion(endpointOverride);
    builder.region(resolved);
    if (endpointOverride != null) {
      builder
          .endpointOverride(endpointOverride)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    } else {
      builder.credentialsProvider(awsCredentials());
    }
    if (Boolean.getBoolean(STATIC_ENDPOINT_PROPERTY)) {
      URI fixed =
          endpointOverride != null
              ? endpointOverride
              : URI.create("https://dynamodb." + resolved.id() + ".amazonaws.com");
      Endpoint endpoint = Endpoint.builder().url(fixed).build();
      builder.endpointProvider(params -> CompletableFuture.completedFuture(endpoint));
    }
    return builder.build();
  }

  /**
   * {@code -Dscim.coldstart.defaultChains=true}: build the client with the SDK's default region and
   * credentials chains instead of the values from the environment, to measure what that costs at
   * cold start (docs/performance.md, "Cold start levers"). Never set in the functions.
   */
  public static final String DEFAULT_CHAINS_PROPERTY = "scim.coldstart.defaultChains";

  /**
   * {@code -Dscim.coldstart.staticEndpoint=true}: a fixed endpoint instead of the SDK's endpoint
   * rules, to measure what resolving them costs (docs/performance.md, "Cold start levers").
   */
  public static final String STATIC_ENDPOINT_PROPERTY = "scim.coldstart.staticEndpoint";

  /**
   * {@code -Dscim.coldstart.sdkHttpClient=true}: no HTTP client given to the builder, so the SDK
   * picks one by its own discovery ({@code -Dsoftware.amazon.awssdk.http.service.impl=...} and that
   * client's jar on the class path), to measure another HTTP client on the functions' own request
   * path without a second jar (docs/performance.md, "Cold start levers"). Never set in the
   * functions: their jar holds only apache5-client.
   */
  public static final String SDK_HTTP_CLIENT_PROPERTY = "scim.coldstart.sdkHttpClient";

  private static Region defaultRegion(URI endpointOverride) {
    String region = System.getenv("AWS_REGION");
    if (region != null && !region.isEmpty()) {
      return Region.of(region);
    }
    if (endpointOverride != null) {
      return Region.US_EAST_1;
    }
    throw new IllegalStateException("AWS_REGION is not set and no region was given");
  }

  private static AwsCredentialsProvider awsCredentials() {
    if (System.getenv("AWS_ACCESS_KEY_ID") != null
        && System.getenv("AWS_SECRET_ACCESS_KEY") != null) {
      return EnvironmentVariableCredentialsProvider.create();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  // ---------------------------------------------------------------- ResourceStore

  @Override
  public void create(String tenant, StoredResource resource, Optional<ProvisioningChange> change) {
    KeyRules.tenant(tenant);
    KeyRules.resource(resource);
    ResourceType type = resource.type();
    List<Write> writes = new ArrayList<>();
    writes.add(
        new Write(
            put(Items.resource(tenant, resource), NOT_EXISTS, PK_NAME, Map.of(), false),
            reason -> new StoreException.UniquenessConflict("id")));
    for (String attribute : sorted(resource.uniqueKeys())) {
      writes.add(
          new Write(
              put(
                  uniqueItem(
                      tenant, type, attribute, resource.uniqueKeys().get(attribute), resource.id()),
                  NOT_EXISTS,
                  PK_NAME,
                  Map.of(),
                  false),
              reason -> new StoreException.UniquenessConflict(attribute)));
    }
    resource
        .lookupKeys()
        .forEach((a, v) -> writes.add(unconditional(putLookup(tenant, type, a, v, resource.id()))));
    writes.add(unconditional(addToCounter(tenant, type, 1)));
    addChange(writes, change);
    calls.transact(writes);
  }

  /** Adds the puts of a change's items to a transaction. */
  private void addChange(List<Write> writes, Optional<ProvisioningChange> change) {
    change.ifPresent(
        c -> ChangeItems.puts(table, c, retention).forEach(put -> writes.add(unconditional(put))));
  }

  @Override
  public Optional<StoredResource> get(String tenant, ResourceType type, String id) {
    KeyRules.tenant(tenant);
    KeyRules.sortKey("resource id", id);
    return getItem(key(Keys.resources(tenant, type), id)).map(item -> Items.resource(type, item));
  }

  @Override
  public void replace(
      String tenant,
      StoredResource previous,
      StoredResource next,
      Optional<ProvisioningChange> change) {
    KeyRules.tenant(tenant);
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
            put(item, versionMatches, verName, prevVersion, true),
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
                put(
                    uniqueItem(tenant, type, attribute, newValue, id),
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
            unconditional(deleteItem(key(Keys.lookup(tenant, type, attribute, oldValue), id))));
      }
      if (newValue != null) {
        writes.add(unconditional(putLookup(tenant, type, attribute, newValue, id)));
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
      String tenant,
      ResourceType type,
      String id,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    KeyRules.tenant(tenant);
    KeyRules.sortKey("resource id", id);
    try {
      deleteResource(tenant, type, id, expectedVersion, change);
    } catch (StoreException.NotFound e) {
      deleteMemberships(tenant, type, id); // finishes a cascade cut short
      throw e;
    }
    if (type.membership() == ResourceType.Membership.GROUP && groupCascades != CASCADE_INLINE) {
      groupCascades.execute(
          () -> {
            try {
              memberships.groupDeleted(tenant, id);
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
      deleteMemberships(tenant, type, id);
    }
  }

  private void deleteMemberships(String tenant, ResourceType type, String id) {
    switch (type.membership()) {
      case MEMBER -> memberships.userDeleted(tenant, id, clock.instant());
      case GROUP -> memberships.groupDeleted(tenant, id);
      case NONE -> {}
    }
  }

  private void deleteResource(
      String tenant,
      ResourceType type,
      String id,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    Map<String, AttributeValue> resourceKey = key(Keys.resources(tenant, type), id);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      StoredResource stored =
          getItem(resourceKey)
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
                  writes.add(unconditional(deleteItem(key(Keys.unique(tenant, type, a), v)))));
      stored
          .lookupKeys()
          .forEach(
              (a, v) ->
                  writes.add(unconditional(deleteItem(key(Keys.lookup(tenant, type, a, v), id)))));
      writes.add(unconditional(addToCounter(tenant, type, -1)));
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
      String tenant, ResourceType type, String attribute, String normalizedValue) {
    KeyRules.tenant(tenant);
    KeyRules.uniqueKey(attribute, normalizedValue);
    return getItem(key(Keys.unique(tenant, type, attribute), normalizedValue))
        .map(item -> item.get(Items.ID).s());
  }

  @Override
  public List<String> findIdsByLookupKey(
      String tenant, ResourceType type, String attribute, String value) {
    KeyRules.tenant(tenant);
    KeyRules.lookupKey(attribute, value);
    return queryAll(Keys.lookup(tenant, type, attribute, value)).stream()
        .map(item -> item.get(SK).s())
        .toList();
  }

  @Override
  public ResourcePage list(String tenant, ResourceType type, Optional<String> afterId, int limit) {
    KeyRules.tenant(tenant);
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
  public long count(String tenant, ResourceType type) {
    KeyRules.tenant(tenant);
    return getItem(key(Keys.counter(tenant, type), Keys.SINGLETON))
        .map(item -> Long.parseLong(item.get(Items.COUNT).n()))
        .orElse(0L);
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
  public List<StoredResource> getAll(String tenant, ResourceType type, List<String> ids) {
    KeyRules.tenant(tenant);
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

  // ---------------------------------------------------------------- MembershipStore

  @Override
  public Set<String> missingUsers(String tenant, Collection<String> userIds) {
    return memberships.missingUsers(tenant, userIds);
  }

  @Override
  public void addMembers(
      String tenant,
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    memberships.addMembers(tenant, groupId, userIds, now, expectedVersion, change);
  }

  @Override
  public void removeMembers(
      String tenant,
      String groupId,
      Collection<String> userIds,
      Instant now,
      OptionalLong expectedVersion,
      Optional<ProvisioningChange> change) {
    memberships.removeMembers(tenant, groupId, userIds, now, expectedVersion, change);
  }

  // ---------------------------------------------------------------- ChangeOutbox

  /**
   * {@inheritDoc}
   *
   * <p>One strongly consistent Query of the tenant's trail from the cursor (the sort key {@code
   * {time}#{change id}}); the trail's other items (admin audit events) are skipped.
   */
  @Override
  public List<Entry> changesAfter(String tenant, Optional<String> afterCursor, int limit) {
    KeyRules.tenant(tenant);
    KeyRules.limit(limit);
    List<Entry> out = new ArrayList<>();
    Map<String, AttributeValue> start =
        afterCursor.map(c -> key(ChangeItems.trail(tenant), c)).orElse(null);
    do {
      QueryRequest.Builder q =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression("#pk = :pk")
              .expressionAttributeNames(PK_NAME)
              .expressionAttributeValues(Map.of(":pk", s(ChangeItems.trail(tenant))))
              .consistentRead(true)
              .limit(Math.min(1000, Math.max(1, limit - out.size())));
      if (start != null) {
        q.exclusiveStartKey(start);
      }
      QueryRequest request = q.build();
      QueryResponse page = calls.call(() -> client.query(request));
      for (Map<String, AttributeValue> item : page.items()) {
        if (ChangeItems.isChange(item)) {
          out.add(new Entry(item.get(SK).s(), ChangeItems.change(item)));
        }
      }
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty() && out.size() < limit);
    return out;
  }

  @Override
  public Optional<String> cursor(String tenant, String consumer) {
    KeyRules.tenant(tenant);
    return getItem(key(relay(tenant), consumer)).map(item -> item.get("cursor").s());
  }

  @Override
  public void saveCursor(String tenant, String consumer, String cursor) {
    KeyRules.tenant(tenant);
    Map<String, AttributeValue> item = new HashMap<>(key(relay(tenant), consumer));
    item.put("cursor", s(cursor));
    calls.call(() -> client.putItem(PutItemRequest.builder().tableName(table).item(item).build()));
  }

  /** The partition of the relays' cursors of a tenant. */
  private static String relay(String tenant) {
    return "T#" + tenant + "#RELAY";
  }

  @Override
  public MemberPage members(
      String tenant, String groupId, Optional<String> afterUserId, int limit) {
    return memberships.members(tenant, groupId, afterUserId, limit);
  }

  @Override
  public boolean isMember(String tenant, String groupId, String userId) {
    return memberships.isMember(tenant, groupId, userId);
  }

  @Override
  public List<String> groupsOf(String tenant, String userId) {
    return memberships.groupsOf(tenant, userId);
  }

  // ---------------------------------------------------------------- TenantDirectory

  @Override
  public void createTenant(Tenant tenant) {
    KeyRules.tenant(tenant.id());
    Function<CancellationReason, RuntimeException> taken =
        reason -> new StoreException.UniquenessConflict("id");
    calls.transact(
        List.of(
            new Write(
                put(
                    Items.tenant(Keys.tenant(tenant.id()), Keys.SINGLETON, tenant),
                    NOT_EXISTS,
                    PK_NAME,
                    Map.of(),
                    false),
                taken),
            new Write(
                put(
                    Items.tenant(Keys.TENANTS, tenant.id(), tenant),
                    NOT_EXISTS,
                    PK_NAME,
                    Map.of(),
                    false),
                taken)));
  }

  @Override
  public Optional<Tenant> getTenant(String tenantId) {
    KeyRules.tenant(tenantId);
    return getItem(key(Keys.tenant(tenantId), Keys.SINGLETON)).map(Items::tenant);
  }

  @Override
  public List<Tenant> listTenants() {
    return queryAll(Keys.TENANTS).stream().map(Items::tenant).toList();
  }

  @Override
  public void setTenantDisabled(String tenantId, boolean disabled) {
    KeyRules.tenant(tenantId);
    Function<CancellationReason, RuntimeException> missing =
        reason -> new StoreException.NotFound("tenant " + tenantId);
    calls.transact(
        List.of(
            new Write(setDisabled(key(Keys.tenant(tenantId), Keys.SINGLETON), disabled), missing),
            new Write(setDisabled(key(Keys.TENANTS, tenantId), disabled), missing)));
  }

  @Override
  public void putToken(TokenRecord token) {
    KeyRules.tenant(token.tenant());
    KeyRules.sortKey("token hash", token.hash());
    KeyRules.sortKey("token id", token.tokenId());
    Map<String, AttributeValue> indexItem =
        new HashMap<>(key(Keys.tenantTokens(token.tenant()), token.tokenId()));
    indexItem.put(Items.HASH, s(token.hash()));
    calls.transact(
        List.of(
            new Write(
                put(Items.token(token), NOT_EXISTS, PK_NAME, Map.of(), false),
                reason -> new StoreException.UniquenessConflict("hash")),
            new Write(
                put(indexItem, NOT_EXISTS, PK_NAME, Map.of(), false),
                reason -> new StoreException.UniquenessConflict("tokenId"))));
  }

  @Override
  public Optional<TokenRecord> findTokenByHash(String hash) {
    KeyRules.sortKey("token hash", hash);
    return getItem(key(Keys.token(hash), Keys.SINGLETON)).map(Items::token);
  }

  @Override
  public List<TokenRecord> listTokens(String tenantId) {
    KeyRules.tenant(tenantId);
    List<String> hashes =
        queryAll(Keys.tenantTokens(tenantId)).stream()
            .map(item -> item.get(Items.HASH).s())
            .toList();
    Map<String, TokenRecord> byHash = new HashMap<>();
    for (int from = 0; from < hashes.size(); from += Calls.BATCH_GET_LIMIT) {
      List<String> chunk =
          hashes.subList(from, Math.min(hashes.size(), from + Calls.BATCH_GET_LIMIT));
      calls
          .batchGet(
              table,
              chunk.stream().map(h -> key(Keys.token(h), Keys.SINGLETON)).toList(),
              null,
              Map.of())
          .forEach(item -> byHash.put(item.get(Items.HASH).s(), Items.token(item)));
    }
    return hashes.stream().map(byHash::get).filter(Objects::nonNull).toList();
  }

  @Override
  public void revokeToken(String tenantId, String tokenId) {
    KeyRules.tenant(tenantId);
    KeyRules.sortKey("token id", tokenId);
    String hash =
        getItem(key(Keys.tenantTokens(tenantId), tokenId))
            .map(item -> item.get(Items.HASH).s())
            .orElseThrow(() -> new StoreException.NotFound("token " + tokenId));
    try {
      calls.call(
          () ->
              client.updateItem(
                  UpdateItemRequest.builder()
                      .tableName(table)
                      .key(key(Keys.token(hash), Keys.SINGLETON))
                      .updateExpression("SET #r = :t")
                      .conditionExpression(EXISTS)
                      .expressionAttributeNames(Map.of("#pk", PK, "#r", Items.REVOKED))
                      .expressionAttributeValues(Map.of(":t", bool(true)))
                      .build()));
    } catch (ConditionalCheckFailedException e) {
      throw new StoreException.NotFound("token " + tokenId);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Waits at most {@link #TOUCH_TIMEOUT} (the authorizer calls it after the token checked out).
   */
  @Override
  public void touchToken(String hash, Instant usedAt) {
    Objects.requireNonNull(usedAt, "usedAt");
    if (hash == null || hash.isEmpty()) {
      return;
    }
    try {
      client.updateItem(
          UpdateItemRequest.builder()
              .tableName(table)
              .key(key(Keys.token(hash), Keys.SINGLETON))
              .updateExpression("SET #lu = :t")
              .conditionExpression(EXISTS)
              .expressionAttributeNames(Map.of("#pk", PK, "#lu", Items.LAST_USED))
              .expressionAttributeValues(Map.of(":t", s(usedAt.toString())))
              .overrideConfiguration(o -> o.apiCallTimeout(TOUCH_TIMEOUT))
              .build());
    } catch (RuntimeException e) {
      // best effort: a lost lastUsed update must never fail an authenticated request
    }
  }

  // ---------------------------------------------------------------- requests

  private Optional<Map<String, AttributeValue>> getItem(Map<String, AttributeValue> key) {
    GetItemRequest request =
        GetItemRequest.builder().tableName(table).key(key).consistentRead(true).build();
    Map<String, AttributeValue> item = calls.call(() -> client.getItem(request)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /** All items of one partition in sort key order (strongly consistent, every page). */
  private List<Map<String, AttributeValue>> queryAll(String pk) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest request =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression("#pk = :pk")
              .expressionAttributeNames(PK_NAME)
              .expressionAttributeValues(Map.of(":pk", s(pk)))
              .consistentRead(true)
              .exclusiveStartKey(start)
              .build();
      QueryResponse response = calls.call(() -> client.query(request));
      items.addAll(response.items());
      start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty());
    return items;
  }

  // ---------------------------------------------------------------- actions

  private TransactWriteItem put(
      Map<String, AttributeValue> item,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      boolean returnOldOnFailure) {
    Put.Builder put =
        Put.builder()
            .tableName(table)
            .item(item)
            .conditionExpression(condition)
            .expressionAttributeNames(names);
    if (!values.isEmpty()) {
      put.expressionAttributeValues(values);
    }
    if (returnOldOnFailure) {
      put.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }
    return TransactWriteItem.builder().put(put.build()).build();
  }

  private TransactWriteItem putLookup(
      String tenant, ResourceType type, String attribute, String value, String id) {
    return TransactWriteItem.builder()
        .put(
            Put.builder()
                .tableName(table)
                .item(key(Keys.lookup(tenant, type, attribute, value), id))
                .build())
        .build();
  }

  private TransactWriteItem deleteItem(Map<String, AttributeValue> key) {
    return TransactWriteItem.builder()
        .delete(Delete.builder().tableName(table).key(key).build())
        .build();
  }

  private TransactWriteItem addToCounter(String tenant, ResourceType type, long delta) {
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

  private TransactWriteItem setDisabled(Map<String, AttributeValue> key, boolean disabled) {
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table)
                .key(key)
                .updateExpression("SET #d = :d")
                .conditionExpression(EXISTS)
                .expressionAttributeNames(Map.of("#pk", PK, "#d", Items.DISABLED))
                .expressionAttributeValues(Map.of(":d", bool(disabled)))
                .build())
        .build();
  }

  private static Map<String, AttributeValue> uniqueItem(
      String tenant, ResourceType type, String attribute, String value, String id) {
    Map<String, AttributeValue> item =
        new HashMap<>(key(Keys.unique(tenant, type, attribute), value));
    item.put(Items.ID, s(id));
    return item;
  }

  private static Write unconditional(TransactWriteItem item) {
    return new Write(
        item, reason -> new IllegalStateException("unconditional action failed: " + reason));
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
