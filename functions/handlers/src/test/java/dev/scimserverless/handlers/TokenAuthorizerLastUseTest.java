package dev.scimserverless.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.auth.UsageKeys;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.store.memory.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorizer records a token's last use at most once an hour and never fails for it. */
class TokenAuthorizerLastUseTest {
  static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

  InMemoryStore store;
  String token;
  String hash;
  Instant now = T0;
  final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @BeforeEach
  void setUp() {
    store = new InMemoryStore();
    store.createTenant(new Tenant("acme", "Acme", false, T0));
    token = Tokens.newToken();
    hash = Tokens.hash(token);
    store.putToken(new TokenRecord("tok_1", "acme", hash, T0, Optional.empty(), false));
  }

  static APIGatewayCustomAuthorizerEvent event(String token) {
    APIGatewayCustomAuthorizerEvent e = new APIGatewayCustomAuthorizerEvent();
    e.setType("TOKEN");
    e.setAuthorizationToken("Bearer " + token);
    e.setMethodArn("arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/scim/v2/Users");
    return e;
  }

  Optional<Instant> lastUsed() {
    return store.findTokenByHash(hash).orElseThrow().lastUsed();
  }

  @Test
  void firstUseIsRecordedThenAtMostOnceAnHour() {
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler(store, clock);
    handler.handleRequest(event(token), null);
    assertEquals(Optional.of(T0), lastUsed());

    now = T0.plus(Duration.ofMinutes(59));
    handler.handleRequest(event(token), null);
    assertEquals(Optional.of(T0), lastUsed(), "not again within the hour");

    now = T0.plus(Duration.ofHours(1));
    handler.handleRequest(event(token), null);
    assertEquals(Optional.of(now), lastUsed(), "again after an hour");
  }

  @Test
  void touchesOnlyWhenDue() {
    CountingDirectory counting = new CountingDirectory(store);
    TokenAuthorizerHandler handler = new TokenAuthorizerHandler(counting, clock);
    for (int i = 0; i < 10; i++) {
      now = T0.plus(Duration.ofMinutes(5L * i)); // 0..45 minutes
      handler.handleRequest(event(token), null);
    }
    assertEquals(1, counting.touches.get());
    assertTrue(TokenAuthorizerHandler.dueForTouch(Optional.empty(), T0));
    assertFalse(TokenAuthorizerHandler.dueForTouch(Optional.of(T0), T0.plusSeconds(3599)));
    assertTrue(TokenAuthorizerHandler.dueForTouch(Optional.of(T0), T0.plusSeconds(3600)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aFailingTouchNeverFailsTheRequest() {
    CountingDirectory failing = new CountingDirectory(store);
    failing.failTouch = true;
    Map<String, Object> policy =
        new TokenAuthorizerHandler(failing, clock).handleRequest(event(token), null);
    assertEquals("tok_1", policy.get("principalId"));
    assertEquals("acme", ((Map<String, Object>) policy.get("context")).get("tenant"));
    assertEquals(1, failing.touches.get());
  }

  @Test
  void returnsTheTenantsUsageKeyForTheUsagePlan() {
    Map<String, Object> policy =
        new TokenAuthorizerHandler(store, clock).handleRequest(event(token), null);
    assertEquals(UsageKeys.forTenant("acme"), policy.get("usageIdentifierKey"));
    String key = UsageKeys.forTenant("acme");
    assertTrue(key.length() >= 20 && key.length() <= 128, key);
    assertFalse(key.equals(UsageKeys.forTenant("acme2")));
  }

  /** Delegates, counting touches; can make them fail. */
  static final class CountingDirectory implements TenantDirectory {
    final TenantDirectory d;
    final AtomicInteger touches = new AtomicInteger();
    boolean failTouch;

    CountingDirectory(TenantDirectory d) {
      this.d = d;
    }

    @Override
    public void touchToken(String hash, Instant usedAt) {
      touches.incrementAndGet();
      if (failTouch) {
        throw new IllegalStateException("store down");
      }
      d.touchToken(hash, usedAt);
    }

    @Override
    public void createTenant(Tenant tenant) {
      d.createTenant(tenant);
    }

    @Override
    public Optional<Tenant> getTenant(String tenantId) {
      return d.getTenant(tenantId);
    }

    @Override
    public List<Tenant> listTenants() {
      return d.listTenants();
    }

    @Override
    public void setTenantDisabled(String tenantId, boolean disabled) {
      d.setTenantDisabled(tenantId, disabled);
    }

    @Override
    public void putToken(TokenRecord token) {
      d.putToken(token);
    }

    @Override
    public Optional<TokenRecord> findTokenByHash(String hash) {
      return d.findTokenByHash(hash);
    }

    @Override
    public List<TokenRecord> listTokens(String tenantId) {
      return d.listTokens(tenantId);
    }

    @Override
    public void revokeToken(String tenantId, String tokenId) {
      d.revokeToken(tenantId, tokenId);
    }
  }
}
