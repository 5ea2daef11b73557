package dev.scimserverless.handlers.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's signing keys (its JWKS), fetched once and cached by {@code kid}; an unknown {@code
 * kid} (a key rotation) fetches again, at most once a minute, so a flood of forged tokens cannot
 * make us hammer the provider.
 */
final class Jwks {
  static final Duration REFETCH_AFTER = Duration.ofMinutes(1);

  private final URI uri;
  private final HttpClient http;
  private final Clock clock;
  private volatile Map<String, PublicKey> keys = Map.of();
  private volatile Instant fetched = Instant.MIN;

  Jwks(URI uri, HttpClient http, Clock clock) {
    this.uri = uri;
    this.http = http;
    this.clock = clock;
  }

  Optional<PublicKey> key(String kid) throws OidcSignIn.SignInFailed {
    PublicKey k = keys.get(kid);
    if (k != null) {
      return Optional.of(k);
    }
    synchronized (this) {
      k = keys.get(kid);
      if (k == null && fetched.plus(REFETCH_AFTER).isBefore(clock.instant())) {
        keys = fetch();
        fetched = clock.instant();
        k = keys.get(kid);
      }
    }
    return Optional.ofNullable(k);
  }

  private Map<String, PublicKey> fetch() throws OidcSignIn.SignInFailed {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OidcSignIn.SignInFailed(
          "the identity provider's keys could not be read; try again.", true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OidcSignIn.SignInFailed("interrupted.", true);
    }
    if (r.statusCode() != 200) {
      throw new OidcSignIn.SignInFailed(
          "the identity provider's keys could not be read; try again.", true);
    }
    Map<String, PublicKey> out = new HashMap<>();
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      for (JsonNode k : Json.parse(r.body()).path("keys")) {
        if (!k.path("kty").asText().equals("RSA")
            || !k.path("use").asText("sig").equals("sig")
            || !k.path("kid").isTextual()) {
          continue;
        }
        BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("n").asText()));
        BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("e").asText()));
        out.put(k.path("kid").asText(), rsa.generatePublic(new RSAPublicKeySpec(n, e)));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new OidcSignIn.SignInFailed("the identity provider's keys are not readable.", true);
    }
    return Map.copyOf(out);
  }
}
