package dev.scimserverless.core.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of the Standard Webhooks specification (standardwebhooks.com): a secret is {@code
 * whsec_} and the base64 of its key bytes; a delivery carries {@code webhook-id}, {@code
 * webhook-timestamp} (epoch seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}.
 */
public final class StandardWebhooks {
  public static final String SECRET_PREFIX = "whsec_";
  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";

  private static final SecureRandom RANDOM = new SecureRandom();

  private StandardWebhooks() {}

  /** A new secret: {@code whsec_} and 32 random bytes in base64. */
  public static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The key bytes of a secret ({@code whsec_} optional). */
  static byte[] key(String secret) {
    String b64 =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is whsec_ and base64", e);
    }
  }

  /** Checks that a secret has the expected form. @throws IllegalArgumentException otherwise */
  public static String checkSecret(String secret) {
    if (!secret.startsWith(SECRET_PREFIX) || key(secret).length < 16) {
      throw new IllegalArgumentException(
          "a webhook secret is whsec_ and the base64 of at least 16 bytes");
    }
    return secret;
  }

  /** The {@code webhook-signature} header value: {@code v1,<base64>}. */
  public static String sign(String secret, String id, long timestampSeconds, String body) {
    return "v1," + Base64.getEncoder().encodeToString(mac(secret, id, timestampSeconds, body));
  }

  /**
   * Whether one of the space-separated signatures of a header is the v1 signature of the message
   * (compared in constant time).
   */
  public static boolean verify(
      String secret, String id, long timestampSeconds, String body, String signatureHeader) {
    byte[] expected = mac(secret, id, timestampSeconds, body);
    for (String sig : signatureHeader.trim().split(" +")) {
      if (sig.startsWith("v1,")) {
        try {
          byte[] given = Base64.getDecoder().decode(sig.substring(3));
          if (MessageDigest.isEqual(expected, given)) {
            return true;
          }
        } catch (IllegalArgumentException ignored) {
          // not base64: not this one
        }
      }
    }
    return false;
  }

  private static byte[] mac(String secret, String id, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      return mac.doFinal(
          (id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
