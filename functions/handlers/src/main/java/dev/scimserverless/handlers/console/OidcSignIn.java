package dev.scimserverless.handlers.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The console's sign-in in AWS: OpenID Connect authorization code flow with PKCE (S256) against an
 * Amazon Cognito user pool's hosted UI, as a public client (no client secret to keep). The code is
 * exchanged at the token endpoint, the ID token verified ({@link IdTokenVerifier}); the tokens are
 * then dropped: the console's own session is all the browser gets. java.net.http and java.security
 * only (cold start: no OIDC library).
 */
public final class OidcSignIn implements ConsoleGateway.SignIn {
  /** How long a started sign-in may take (the login cookie's age). */
  static final Duration LOGIN_TTL = Duration.ofMinutes(10);

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * Where the provider is. {@code issuer} is the ID tokens' {@code iss}; the hosted UI's endpoints
   * are under {@code domain}.
   */
  public record Config(
      String issuer, URI jwks, URI authorize, URI token, URI logout, String clientId) {
    /**
     * A Cognito user pool: issuer {@code https://cognito-idp.{region}.amazonaws.com/{poolId}}, its
     * keys at {@code {issuer}/.well-known/jwks.json}, the hosted UI at {@code domain} ({@code
     * https://{prefix}.auth.{region}.amazoncognito.com}).
     */
    public static Config cognito(String issuer, String domain, String clientId) {
      String d = domain.replaceFirst("/+$", "");
      String i = issuer.replaceFirst("/+$", "");
      return new Config(
          i,
          URI.create(i + "/.well-known/jwks.json"),
          URI.create(d + "/oauth2/authorize"),
          URI.create(d + "/oauth2/token"),
          URI.create(d + "/logout"),
          clientId);
    }
  }

  /** A sign-in in progress: what the login cookie holds until the callback. */
  record Pending(String state, String nonce, String verifier) {
    static Pending fresh() {
      return new Pending(ConsoleGateway.random(), ConsoleGateway.random(), ConsoleGateway.random());
    }

    String cookieValue() {
      return state + "." + nonce + "." + verifier;
    }

    static Optional<Pending> parse(String value) {
      String[] p = value.split("\\.", -1);
      if (p.length != 3) {
        return Optional.empty();
      }
      for (String s : p) {
        if (!s.matches("[A-Za-z0-9_-]{32,128}")) {
          return Optional.empty();
        }
      }
      return Optional.of(new Pending(p[0], p[1], p[2]));
    }

    /** RFC 7636 S256: BASE64URL(SHA-256(ASCII(verifier))). */
    String challenge() {
      try {
        byte[] d =
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A refused sign-in; the message names the check that failed, never a token. */
  public static final class SignInFailed extends Exception {
    private final boolean unavailable;

    SignInFailed(String reason) {
      this(reason, false);
    }

    SignInFailed(String reason, boolean unavailable) {
      super(reason);
      this.unavailable = unavailable;
    }

    /** The provider could not be reached (a 503), rather than a refused sign-in (a 401). */
    public boolean unavailable() {
      return unavailable;
    }
  }

  private final Config config;
  private final HttpClient http;
  private final IdTokenVerifier verifier;

  public OidcSignIn(Config config, HttpClient http, Clock clock) {
    this.config = config;
    this.http = http;
    this.verifier =
        new IdTokenVerifier(
            config.issuer(), config.clientId(), new Jwks(config.jwks(), http, clock), clock);
  }

  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(3))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  String authorizeUrl(String redirectUri, Pending p) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", config.clientId());
    q.put("redirect_uri", redirectUri);
    q.put("scope", "openid email");
    q.put("state", p.state());
    q.put("nonce", p.nonce());
    q.put("code_challenge", p.challenge());
    q.put("code_challenge_method", "S256");
    return config.authorize() + "?" + form(q);
  }

  String logoutUrl(String logoutUri) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", config.clientId());
    q.put("logout_uri", logoutUri);
    return config.logout() + "?" + form(q);
  }

  /** Exchanges the code and verifies the ID token; returns the session's actor. */
  String signIn(String code, String redirectUri, Pending p) throws SignInFailed {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("client_id", config.clientId());
    f.put("code", code);
    f.put("redirect_uri", redirectUri);
    f.put("code_verifier", p.verifier());
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(config.token())
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Accept", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(form(f)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SignInFailed("the identity provider could not be reached; try again.", true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SignInFailed("interrupted.", true);
    }
    if (r.statusCode() >= 500) {
      throw new SignInFailed("the identity provider is unavailable; try again.", true);
    }
    if (r.statusCode() != 200) {
      throw new SignInFailed("the identity provider refused the sign-in code (used or expired).");
    }
    String idToken;
    try {
      idToken = Json.parse(r.body()).path("id_token").asText("");
    } catch (RuntimeException e) {
      throw new SignInFailed("the identity provider's answer is not JSON.");
    }
    if (idToken.isEmpty()) {
      throw new SignInFailed("the identity provider sent no ID token.");
    }
    JsonNode claims = verifier.verify(idToken, p.nonce());
    String email = claims.path("email").asText("");
    return email.isEmpty() ? "admin:oidc:" + claims.path("sub").asText("") : "admin:" + email;
  }

  private static String form(Map<String, String> q) {
    return q.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
