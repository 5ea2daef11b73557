package dev.scimserverless.handlers.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;

/**
 * Verifies an OpenID Connect ID token (a JWS): RS256 only (never {@code none} or an HMAC), the
 * signature against the provider's key of its {@code kid}, then {@code iss}, {@code aud} (our
 * client id), {@code exp} (a minute of clock skew), {@code token_use} = {@code id} (Cognito: not an
 * access token) and the {@code nonce} of this sign-in.
 */
final class IdTokenVerifier {
  private static final long SKEW_SECONDS = 60;

  private final String issuer;
  private final String clientId;
  private final Jwks jwks;
  private final Clock clock;

  IdTokenVerifier(String issuer, String clientId, Jwks jwks, Clock clock) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.jwks = jwks;
    this.clock = clock;
  }

  JsonNode verify(String jwt, String nonce) throws OidcSignIn.SignInFailed {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      throw new OidcSignIn.SignInFailed("the ID token is not a signed JWT.");
    }
    JsonNode header = decode(parts[0]);
    if (!header.path("alg").asText().equals("RS256")) {
      throw new OidcSignIn.SignInFailed("the ID token is not signed with RS256.");
    }
    PublicKey key =
        jwks.key(header.path("kid").asText(""))
            .orElseThrow(
                () -> new OidcSignIn.SignInFailed("the ID token's key is not the provider's."));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        throw new OidcSignIn.SignInFailed("the ID token's signature is wrong.");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new OidcSignIn.SignInFailed("the ID token's signature is wrong.");
    }
    JsonNode claims = decode(parts[1]);
    if (!claims.path("iss").asText().equals(issuer)) {
      throw new OidcSignIn.SignInFailed("the ID token is from another issuer.");
    }
    JsonNode aud = claims.path("aud");
    boolean audOk = aud.isTextual() && aud.asText().equals(clientId);
    if (aud.isArray()) {
      for (JsonNode a : aud) {
        audOk |= a.asText().equals(clientId);
      }
    }
    if (!audOk) {
      throw new OidcSignIn.SignInFailed("the ID token is for another client.");
    }
    if (!claims.path("exp").isNumber()
        || claims.path("exp").asLong() + SKEW_SECONDS <= clock.instant().getEpochSecond()) {
      throw new OidcSignIn.SignInFailed("the ID token has expired.");
    }
    if (!claims.path("token_use").asText("").equals("id")) {
      throw new OidcSignIn.SignInFailed("the token is not an ID token.");
    }
    if (!MessageDigest.isEqual(
        claims.path("nonce").asText("").getBytes(StandardCharsets.UTF_8),
        nonce.getBytes(StandardCharsets.UTF_8))) {
      throw new OidcSignIn.SignInFailed("the ID token is not from this sign-in (nonce).");
    }
    return claims;
  }

  private static JsonNode decode(String part) throws OidcSignIn.SignInFailed {
    try {
      JsonNode n =
          Json.parse(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
      if (!n.isObject()) {
        throw new IllegalArgumentException();
      }
      return n;
    } catch (RuntimeException e) {
      throw new OidcSignIn.SignInFailed("the ID token is not a signed JWT.");
    }
  }
}
