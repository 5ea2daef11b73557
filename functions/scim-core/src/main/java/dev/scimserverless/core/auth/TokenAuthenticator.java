package dev.scimserverless.core.auth;

import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import java.util.Optional;

/**
 * Checks an {@code Authorization} header value: {@code Bearer <token>} whose SHA-256 is stored for
 * an enabled organization and not revoked. Anything else (no header, Basic, unknown, revoked,
 * disabled tenant) is empty: the caller answers 401 without saying which.
 */
public final class TokenAuthenticator {
  private final TenantDirectory directory;

  public TokenAuthenticator(TenantDirectory directory) {
    this.directory = directory;
  }

  public Optional<Principal> authenticate(String authorization) {
    return authenticatedToken(authorization).map(t -> new Principal(t.tenant(), t.tokenId()));
  }

  /**
   * The stored record of the token in an accepted {@code Authorization} value (so that the caller
   * can see when it was last used), empty in every case {@link #authenticate} rejects.
   */
  public Optional<TokenRecord> authenticatedToken(String authorization) {
    Optional<String> token = bearerToken(authorization);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    String hash = Tokens.hash(token.get());
    Optional<TokenRecord> record = directory.findTokenByHash(hash);
    if (record.isEmpty() || record.get().revoked() || !Tokens.sameHash(record.get().hash(), hash)) {
      return Optional.empty();
    }
    Optional<Tenant> tenant = directory.getTenant(record.get().tenant());
    if (tenant.isEmpty() || tenant.get().disabled()) {
      return Optional.empty();
    }
    return record;
  }

  /** The token of a {@code Bearer} header (scheme case-insensitive), if well formed. */
  static Optional<String> bearerToken(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String v = authorization.trim();
    if (v.length() < 8 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = v.substring(7).trim();
    if (token.isEmpty() || token.length() > 512 || token.contains(" ")) {
      return Optional.empty();
    }
    return Optional.of(token);
  }
}
