package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.dynamodb.DynamoDbTable.EXISTS;
import static dev.scimserverless.store.dynamodb.DynamoDbTable.NOT_EXISTS;
import static dev.scimserverless.store.dynamodb.DynamoDbTable.PK_NAME;
import static dev.scimserverless.store.dynamodb.Keys.PK;
import static dev.scimserverless.store.dynamodb.Keys.bool;
import static dev.scimserverless.store.dynamodb.Keys.key;
import static dev.scimserverless.store.dynamodb.Keys.s;

import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.store.KeyRules;
import dev.scimserverless.store.dynamodb.Calls.Write;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The table's {@link TenantDirectory}: tenant items, their index, token items and token index. */
final class DynamoDbTenants implements TenantDirectory {
  private final DynamoDbTable db;
  private final DynamoDbClient client;
  private final String table;
  private final Calls calls;

  DynamoDbTenants(DynamoDbTable db) {
    this.db = db;
    this.client = db.client;
    this.table = db.table;
    this.calls = db.calls;
  }

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
   * <p>Waits at most {@link DynamoDbStore#TOUCH_TIMEOUT} (the authorizer calls it after the token
   * checked out).
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
              .overrideConfiguration(o -> o.apiCallTimeout(DynamoDbStore.TOUCH_TIMEOUT))
              .build());
    } catch (RuntimeException e) {
      // best effort: a lost lastUsed update must never fail an authenticated request
    }
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
}
