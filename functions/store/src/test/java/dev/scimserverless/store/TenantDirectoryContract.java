package dev.scimserverless.store;

import static dev.scimserverless.store.testsupport.Fixtures.T0;
import static dev.scimserverless.store.testsupport.Fixtures.tenant;
import static dev.scimserverless.store.testsupport.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TenantDirectory} adapter must have. Subclasses supply a fresh, empty
 * directory per test.
 */
public abstract class TenantDirectoryContract {
  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "b".repeat(64);
  private static final String HASH_C = "c".repeat(64);

  protected TenantDirectory directory;

  /** A new, empty directory (called before each test). */
  protected abstract TenantDirectory newDirectory();

  @BeforeEach
  void setUpDirectory() {
    directory = newDirectory();
  }

  // ---------------------------------------------------------------- tenants

  @Test
  void createdTenantIsReadBack() {
    Tenant acme =
        new Tenant("acme", "ACME Corp ✓", false, Instant.parse("2024-01-02T03:04:05.000000006Z"));
    directory.createTenant(acme);

    assertEquals(Optional.of(acme), directory.getTenant("acme"));
    assertEquals(Optional.empty(), directory.getTenant("other"));
  }

  @Test
  void tenantIdIsUnique() {
    directory.createTenant(tenant("acme", "ACME"));

    StoreException.UniquenessConflict e =
        assertThrows(
            StoreException.UniquenessConflict.class,
            () -> directory.createTenant(tenant("acme", "Imposter")));

    assertEquals("id", e.attribute());
    assertEquals("ACME", directory.getTenant("acme").orElseThrow().name());
    assertEquals(1, directory.listTenants().size());
  }

  @Test
  void tenantsAreListedByAscendingId() {
    assertEquals(List.of(), directory.listTenants());
    directory.createTenant(tenant("globex", "Globex"));
    directory.createTenant(tenant("acme", "ACME"));
    directory.createTenant(tenant("initech", "Initech"));

    assertEquals(
        List.of(tenant("acme", "ACME"), tenant("globex", "Globex"), tenant("initech", "Initech")),
        directory.listTenants());
  }

  @Test
  void tenantCanBeDisabledAndEnabled() {
    directory.createTenant(tenant("acme", "ACME"));

    directory.setTenantDisabled("acme", true);
    Tenant disabled = new Tenant("acme", "ACME", true, T0);
    assertEquals(Optional.of(disabled), directory.getTenant("acme"));
    assertEquals(List.of(disabled), directory.listTenants());

    directory.setTenantDisabled("acme", false);
    assertEquals(Optional.of(tenant("acme", "ACME")), directory.getTenant("acme"));
    assertEquals(List.of(tenant("acme", "ACME")), directory.listTenants());
  }

  @Test
  void disablingAMissingTenantIsNotFoundAndCreatesNothing() {
    assertThrows(StoreException.NotFound.class, () -> directory.setTenantDisabled("ghost", true));
    assertEquals(Optional.empty(), directory.getTenant("ghost"));
    assertEquals(List.of(), directory.listTenants());
  }

  // ---------------------------------------------------------------- tokens

  @Test
  void tokenIsFoundByHash() {
    TokenRecord t = token("acme", "tok-1", HASH_A);
    directory.putToken(t);

    assertEquals(Optional.of(t), directory.findTokenByHash(HASH_A));
    assertEquals(Optional.empty(), directory.findTokenByHash(HASH_B));
  }

  @Test
  void tokenWithEveryFieldRoundTrips() {
    TokenRecord t =
        new TokenRecord(
            "tok-1",
            "acme",
            HASH_A,
            T0,
            Optional.of(Instant.parse("2025-01-01T00:00:00.5Z")),
            true);
    directory.putToken(t);

    assertEquals(Optional.of(t), directory.findTokenByHash(HASH_A));
    assertEquals(List.of(t), directory.listTokens("acme"));
  }

  @Test
  void tokenHashIsUnique() {
    directory.putToken(token("acme", "tok-1", HASH_A));

    StoreException.UniquenessConflict e =
        assertThrows(
            StoreException.UniquenessConflict.class,
            () -> directory.putToken(token("globex", "tok-9", HASH_A)));

    assertEquals("hash", e.attribute());
    assertEquals("acme", directory.findTokenByHash(HASH_A).orElseThrow().tenant());
    assertEquals(List.of(), directory.listTokens("globex"));
  }

  @Test
  void tokenIdIsUniquePerTenant() {
    directory.putToken(token("acme", "tok-1", HASH_A));

    StoreException.UniquenessConflict e =
        assertThrows(
            StoreException.UniquenessConflict.class,
            () -> directory.putToken(token("acme", "tok-1", HASH_B)));

    assertEquals("tokenId", e.attribute());
    assertEquals(Optional.empty(), directory.findTokenByHash(HASH_B));
    directory.putToken(token("globex", "tok-1", HASH_C));
    assertEquals(1, directory.listTokens("globex").size());
  }

  @Test
  void tokensAreListedPerTenantByTokenId() {
    TokenRecord t2 = token("acme", "tok-2", HASH_B);
    TokenRecord t1 = token("acme", "tok-1", HASH_A);
    TokenRecord other = token("globex", "tok-1", HASH_C);
    directory.putToken(t2);
    directory.putToken(other);
    directory.putToken(t1);

    assertEquals(List.of(t1, t2), directory.listTokens("acme"));
    assertEquals(List.of(other), directory.listTokens("globex"));
    assertEquals(List.of(), directory.listTokens("initech"));
  }

  @Test
  void revokedTokenStaysFindableAsRevoked() {
    directory.putToken(token("acme", "tok-1", HASH_A));
    directory.putToken(token("acme", "tok-2", HASH_B));

    directory.revokeToken("acme", "tok-1");

    assertEquals(true, directory.findTokenByHash(HASH_A).orElseThrow().revoked());
    assertEquals(false, directory.findTokenByHash(HASH_B).orElseThrow().revoked());
    assertEquals(
        List.of(true, false),
        directory.listTokens("acme").stream().map(TokenRecord::revoked).toList());
    assertDoesNotThrow(() -> directory.revokeToken("acme", "tok-1"), "revoking twice is harmless");
  }

  @Test
  void revokingAnUnknownOrForeignTokenIsNotFound() {
    directory.putToken(token("acme", "tok-1", HASH_A));

    assertThrows(StoreException.NotFound.class, () -> directory.revokeToken("acme", "tok-9"));
    assertThrows(StoreException.NotFound.class, () -> directory.revokeToken("globex", "tok-1"));
    assertEquals(false, directory.findTokenByHash(HASH_A).orElseThrow().revoked());
  }

  @Test
  void touchRecordsLastUse() {
    directory.putToken(token("acme", "tok-1", HASH_A));
    Instant used = Instant.parse("2025-03-04T05:06:07.890123Z");

    directory.touchToken(HASH_A, used);

    TokenRecord t = directory.findTokenByHash(HASH_A).orElseThrow();
    assertEquals(Optional.of(used), t.lastUsed());
    assertEquals(List.of(t), directory.listTokens("acme"));
    Instant later = used.plusSeconds(60);
    directory.touchToken(HASH_A, later);
    assertEquals(Optional.of(later), directory.findTokenByHash(HASH_A).orElseThrow().lastUsed());
  }

  @Test
  void touchOfAnUnknownTokenDoesNothing() {
    assertDoesNotThrow(() -> directory.touchToken(HASH_A, T0));
    assertEquals(Optional.empty(), directory.findTokenByHash(HASH_A));
  }

  @Test
  void revokeKeepsLastUseAndTouchKeepsRevocation() {
    directory.putToken(token("acme", "tok-1", HASH_A));
    directory.touchToken(HASH_A, T0);
    directory.revokeToken("acme", "tok-1");
    directory.touchToken(HASH_A, T0.plusSeconds(1));

    TokenRecord t = directory.findTokenByHash(HASH_A).orElseThrow();
    assertEquals(true, t.revoked());
    assertEquals(Optional.of(T0.plusSeconds(1)), t.lastUsed());
  }
}
