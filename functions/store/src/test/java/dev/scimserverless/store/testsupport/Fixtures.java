package dev.scimserverless.store.testsupport;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TokenRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Small factories of store records for tests of the store ports and their users. */
public final class Fixtures {
  /** A timestamp with nanoseconds, to prove that adapters keep full precision. */
  public static final Instant T0 = Instant.parse("2024-05-06T07:08:09.123456789Z");

  private Fixtures() {}

  /** A unique, valid tenant id. */
  public static String tenantId() {
    return "org-" + UUID.randomUUID();
  }

  /** A user at version 1 with unique key userName (lower-cased) and no lookup keys. */
  public static StoredResource user(String id, String userName) {
    return user(id, userName, null);
  }

  /** A user at version 1 with unique key userName (lower-cased) and lookup key externalId. */
  public static StoredResource user(String id, String userName, String externalId) {
    Map<String, String> lookup = new HashMap<>();
    if (externalId != null) {
      lookup.put("externalId", externalId);
    }
    return new StoredResource(
        ResourceType.USER,
        id,
        "{\"userName\":\"" + userName + "\"}",
        1,
        T0,
        T0,
        Map.of("userName", userName.toLowerCase(Locale.ROOT)),
        lookup);
  }

  /** A group at version 1 with unique key displayName (lower-cased). */
  public static StoredResource group(String id, String displayName) {
    return new StoredResource(
        ResourceType.GROUP,
        id,
        "{\"displayName\":\"" + displayName + "\"}",
        1,
        T0,
        T0,
        Map.of("displayName", displayName.toLowerCase(Locale.ROOT)),
        Map.of());
  }

  /** The next version of a resource with other document and keys, modified a second later. */
  public static StoredResource next(
      StoredResource previous,
      String document,
      Map<String, String> uniqueKeys,
      Map<String, String> lookupKeys) {
    return new StoredResource(
        previous.type(),
        previous.id(),
        document,
        previous.version() + 1,
        previous.created(),
        previous.lastModified().plusSeconds(1),
        uniqueKeys,
        lookupKeys);
  }

  /** The next version of a resource with another document and the same keys. */
  public static StoredResource next(StoredResource previous, String document) {
    return next(previous, document, previous.uniqueKeys(), previous.lookupKeys());
  }

  /** An enabled tenant. */
  public static Tenant tenant(String id, String name) {
    return new Tenant(id, name, false, T0);
  }

  /** A fresh, never used, not revoked token. */
  public static TokenRecord token(String tenant, String tokenId, String hash) {
    return new TokenRecord(tokenId, tenant, hash, T0, Optional.empty(), false);
  }
}
