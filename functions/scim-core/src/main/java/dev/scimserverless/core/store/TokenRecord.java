package dev.scimserverless.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A bearer token as stored: never the token itself, only its SHA-256 hash (hex).
 *
 * @param tokenId a public identifier of the token (safe to log and show)
 * @param tenant the organization the token acts for
 * @param hash lower-case hex SHA-256 of the token string
 * @param created when it was issued
 * @param lastUsed when the authorizer last accepted it, if ever recorded
 * @param revoked whether it was revoked
 */
public record TokenRecord(
    String tokenId,
    String tenant,
    String hash,
    Instant created,
    Optional<Instant> lastUsed,
    boolean revoked) {}
