package dev.scimserverless.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer tokens: {@code scim_} followed by 256 random bits in base64url. Only the SHA-256 hash of a
 * token is ever stored.
 */
public final class Tokens {
  public static final String PREFIX = "scim_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** A new random token: 32 bytes (256 bits) from a CSPRNG. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A new public token id (safe to log). */
  public static String newTokenId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "tok_" + HexFormat.of().formatHex(bytes);
  }

  /** Lower-case hex SHA-256 of the token's UTF-8 bytes. */
  public static String hash(String token) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Compares two hashes in time independent of where they differ. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
