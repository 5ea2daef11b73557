package dev.scimserverless.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The store port for organizations and their bearer tokens (hashes only). */
public interface TenantDirectory {

  /** Creates a tenant. @throws StoreException.UniquenessConflict if the id exists */
  void createTenant(Tenant tenant);

  Optional<Tenant> getTenant(String tenantId);

  List<Tenant> listTenants();

  /**
   * @throws StoreException.NotFound if there is no such tenant
   */
  void setTenantDisabled(String tenantId, boolean disabled);

  /** Stores a token record. @throws StoreException.UniquenessConflict if its hash exists */
  void putToken(TokenRecord token);

  /** The token with this hash, by key lookup: what the authorizer calls on every cache miss. */
  Optional<TokenRecord> findTokenByHash(String hash);

  List<TokenRecord> listTokens(String tenantId);

  /**
   * @throws StoreException.NotFound if the tenant has no such token
   */
  void revokeToken(String tenantId, String tokenId);

  /** Records a use of the token (best effort; may be rate-limited by the adapter). */
  void touchToken(String hash, Instant usedAt);
}
