package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.dynamodb.DynamoDbTable.EXISTS;
import static dev.scimserverless.store.dynamodb.DynamoDbTable.NOT_EXISTS;
import static dev.scimserverless.store.dynamodb.DynamoDbTable.PK_NAME;
import static dev.scimserverless.store.dynamodb.Keys.PK;
import static dev.scimserverless.store.dynamodb.Keys.SK;
import static dev.scimserverless.store.dynamodb.Keys.bool;
import static dev.scimserverless.store.dynamodb.Keys.key;
import static dev.scimserverless.store.dynamodb.Keys.s;

import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TenantStore;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.store.KeyRules;
import dev.scimserverless.store.dynamodb.Calls.Write;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The store ports on one DynamoDB table (single-table design, keys {@code pk}/{@code sk}, no
 * secondary index). Every read is strongly consistent; every multi-item write is one
 * TransactWriteItems (membership changes of many users: one per batch). The item types, keys and
 * the calls each method makes are documented in docs/data-model.md.
 *
 * <p>The tenant-scoped ports ({@link #forTenant}) are {@link DynamoDbResources} and {@link
 * DynamoDbMemberships}; this class is the tenant directory and the outbox's read side.
 */
public final class DynamoDbStore implements ScimStore, TenantDirectory, ChangeOutbox {
  /** How long change items (the outbox and audit records) are kept when not told otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(365);

  /** The authorizer waits at most this long for the best-effort last-use write of a token. */
  static final Duration TOUCH_TIMEOUT = Duration.ofSeconds(1);

  private final DynamoDbClient client;
  private final String table;
  private final Calls calls;
  private final DynamoDbTable db;
  private final Clock clock;
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
    this.db = new DynamoDbTable(client, table, calls);
  }

  /** The ports of one tenant: small adapters on this store's table, created per call. */
  @Override
  public TenantStore forTenant(TenantId tenant) {
    DynamoDbMemberships memberships = memberships(tenant);
    return new TenantStore(
        tenant,
        new DynamoDbResources(db, clock, retention, groupCascades, memberships, tenant.value()),
        memberships);
  }

  private DynamoDbMemberships memberships(TenantId tenant) {
    return new DynamoDbMemberships(db, retention, tenant.value());
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
  public void finishGroupDelete(TenantId tenant, String groupId) {
    KeyRules.sortKey("group id", groupId);
    memberships(tenant).groupDeleted(groupId);
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
    return db.getItem(key(relay(tenant), consumer)).map(item -> item.get("cursor").s());
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

  // ---------------------------------------------------------------- TenantDirectory

  @Override
  public void createTenant(Tenant tenant) {
    KeyRules.tenant(tenant.id());
    Function<CancellationReason, RuntimeException> taken =
        reason -> new StoreException.UniquenessConflict("id");
    calls.transact(
        List.of(
            new Write(
                db.put(
                    Items.tenant(Keys.tenant(tenant.id()), Keys.SINGLETON, tenant),
                    NOT_EXISTS,
                    PK_NAME,
                    Map.of(),
                    false),
                taken),
            new Write(
                db.put(
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
    return db.getItem(key(Keys.tenant(tenantId), Keys.SINGLETON)).map(Items::tenant);
  }

  @Override
  public List<Tenant> listTenants() {
    return db.queryAll(Keys.TENANTS).stream().map(Items::tenant).toList();
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
                db.put(Items.token(token), NOT_EXISTS, PK_NAME, Map.of(), false),
                reason -> new StoreException.UniquenessConflict("hash")),
            new Write(
                db.put(indexItem, NOT_EXISTS, PK_NAME, Map.of(), false),
                reason -> new StoreException.UniquenessConflict("tokenId"))));
  }

  @Override
  public Optional<TokenRecord> findTokenByHash(String hash) {
    KeyRules.sortKey("token hash", hash);
    return db.getItem(key(Keys.token(hash), Keys.SINGLETON)).map(Items::token);
  }

  @Override
  public List<TokenRecord> listTokens(String tenantId) {
    KeyRules.tenant(tenantId);
    List<String> hashes =
        db.queryAll(Keys.tenantTokens(tenantId)).stream()
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
        db.getItem(key(Keys.tenantTokens(tenantId), tokenId))
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

  // ---------------------------------------------------------------- actions
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
}
