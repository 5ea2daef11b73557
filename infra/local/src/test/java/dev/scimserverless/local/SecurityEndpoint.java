package dev.scimserverless.local;

import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbAuditLog;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import dev.scimserverless.store.memory.InMemoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A local endpoint for the security tests, on either store adapter: tenants {@code org-a} and
 * {@code org-b} with fixed tokens, a revoked token of {@code org-a}, and the token of a disabled
 * tenant {@code org-off}. Keeps the store so tests can revoke and disable.
 */
final class SecurityEndpoint implements AutoCloseable {
  static final String ORG_A = "org-a";
  static final String ORG_B = "org-b";
  static final String ORG_OFF = "org-off";
  static final String TOKEN_A = "scim_sec_token_a_0123456789abcdefghij";
  static final String TOKEN_B = "scim_sec_token_b_0123456789abcdefghij";
  static final String TOKEN_OFF = "scim_sec_token_off_0123456789abcdefgh";
  static final String REVOKED_A = "scim_sec_revoked_a_0123456789abcdefgh";

  final LocalEndpoint endpoint;
  final TenantDirectory directory;
  final AuditLog auditLog;

  private SecurityEndpoint(LocalEndpoint endpoint, TenantDirectory directory, AuditLog auditLog) {
    this.endpoint = endpoint;
    this.directory = directory;
    this.auditLog = auditLog;
  }

  static SecurityEndpoint inMemory(int rateLimit) {
    InMemoryAuditLog audit = new InMemoryAuditLog();
    return start(
        new InMemoryStore(),
        LocalEndpoint.Settings.defaults().withAuditLog(audit).withRateLimit(rateLimit));
  }

  static SecurityEndpoint dynamoDb(int rateLimit) {
    Dynoxide dynoxide = Dynoxide.shared();
    String table = dynoxide.freshTable();
    CountingDynamoDbClient client = new CountingDynamoDbClient(dynoxide.client());
    return start(
        new DynamoDbStore(client, table),
        LocalEndpoint.Settings.defaults()
            .withAuditLog(new DynamoDbAuditLog(client, table, Duration.ofDays(30)))
            .withDynamoDbCalls(client::totalCalls)
            .withRateLimit(rateLimit));
  }

  private static <S extends ScimStore & TenantDirectory> SecurityEndpoint start(
      S store, LocalEndpoint.Settings settings) {
    Map<String, String> tenants = new LinkedHashMap<>();
    tenants.put(ORG_A, TOKEN_A);
    tenants.put(ORG_B, TOKEN_B);
    tenants.put(ORG_OFF, TOKEN_OFF);
    try {
      LocalEndpoint endpoint = LocalEndpoint.start(0, store, tenants, settings);
      store.putToken(
          new TokenRecord(
              "tok_revoked_a",
              ORG_A,
              Tokens.hash(REVOKED_A),
              Instant.now(),
              Optional.empty(),
              false));
      store.revokeToken(ORG_A, "tok_revoked_a");
      store.setTenantDisabled(ORG_OFF, true);
      return new SecurityEndpoint(endpoint, store, settings.auditLog());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds an active token to a tenant; returns the token. */
  String addToken(String tenant, String tokenId) {
    String token = Tokens.newToken();
    directory.putToken(
        new TokenRecord(
            tokenId, tenant, Tokens.hash(token), Instant.now(), Optional.empty(), false));
    return token;
  }

  void createTenant(String tenant) {
    directory.createTenant(new Tenant(tenant, tenant, false, Instant.now()));
  }

  ScimClient bearer(String token) {
    return ScimClient.bearer(endpoint.baseUrl(), token);
  }

  ScimClient withAuthorization(String header) {
    return new ScimClient(endpoint.baseUrl(), header);
  }

  ScimClient orgA() {
    return bearer(TOKEN_A);
  }

  ScimClient orgB() {
    return bearer(TOKEN_B);
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
