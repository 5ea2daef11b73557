package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TenantStore;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.store.KeyRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The store ports on one DynamoDB table (single-table design, keys {@code pk}/{@code sk}, no
 * secondary index). Every read is strongly consistent; every multi-item write is one
 * TransactWriteItems (membership changes of many users: one per batch). The item types, keys and
 * the calls each method makes are documented in docs/data-model.md.
 *
 * <p>One adapter per port, on one {@link DynamoDbTable}: the tenant-scoped ports ({@link
 * #forTenant}) are {@link DynamoDbResources} and {@link DynamoDbMemberships}; the directory is
 * {@link DynamoDbTenants}, the outbox's read side {@link DynamoDbOutbox} (this class passes their
 * calls on); clients come from {@link DynamoDbClients}.
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
  private final DynamoDbTenants tenants;
  private final DynamoDbOutbox outbox;

  /**
   * A store on an existing table (see {@link DynamoDbTables#createIfMissing}), on the system clock.
   *
   * @param client the client, e.g. from {@link DynamoDbClients#clientFor}
   * @param table the table name
   */
  public DynamoDbStore(DynamoDbClient client, String table) {
    this(client, table, Clock.systemUTC());
  }

  /**
   * A store on an existing table.
   *
   * @param client the client, e.g. from {@link DynamoDbClients#clientFor}
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
    this.tenants = new DynamoDbTenants(db);
    this.outbox = new DynamoDbOutbox(db);
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

  // ---------------------------------------------------------------- ChangeOutbox: DynamoDbOutbox

  @Override
  public List<Entry> changesAfter(String tenant, Optional<String> afterCursor, int limit) {
    return outbox.changesAfter(tenant, afterCursor, limit);
  }

  @Override
  public Optional<String> cursor(String tenant, String consumer) {
    return outbox.cursor(tenant, consumer);
  }

  @Override
  public void saveCursor(String tenant, String consumer, String cursor) {
    outbox.saveCursor(tenant, consumer, cursor);
  }

  // ---------------------------------------------------------------- TenantDirectory:
  // DynamoDbTenants

  @Override
  public void createTenant(Tenant tenant) {
    tenants.createTenant(tenant);
  }

  @Override
  public Optional<Tenant> getTenant(String tenantId) {
    return tenants.getTenant(tenantId);
  }

  @Override
  public List<Tenant> listTenants() {
    return tenants.listTenants();
  }

  @Override
  public void setTenantDisabled(String tenantId, boolean disabled) {
    tenants.setTenantDisabled(tenantId, disabled);
  }

  @Override
  public void putToken(TokenRecord token) {
    tenants.putToken(token);
  }

  @Override
  public Optional<TokenRecord> findTokenByHash(String hash) {
    return tenants.findTokenByHash(hash);
  }

  @Override
  public List<TokenRecord> listTokens(String tenantId) {
    return tenants.listTokens(tenantId);
  }

  @Override
  public void revokeToken(String tenantId, String tokenId) {
    tenants.revokeToken(tenantId, tokenId);
  }

  /** Waits at most {@link #TOUCH_TIMEOUT} (the authorizer calls it after the token checked out). */
  @Override
  public void touchToken(String hash, Instant usedAt) {
    tenants.touchToken(hash, usedAt);
  }
}
