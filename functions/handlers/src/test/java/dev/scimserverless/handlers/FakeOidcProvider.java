package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.handlers.console.OidcSignIn;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Cognito-like OpenID provider for tests: its JWKS at {@code /.well-known/jwks.json} and the
 * token endpoint {@code /oauth2/token}, which trades a code for an ID token only with the PKCE
 * verifier of the challenge and the redirect URI the code was issued for (once). The authorize step
 * is the test's: {@link #issue} reads the console's redirect as the hosted UI would, and returns
 * the code it would send back. Tokens are RS256-signed with a key made here.
 */
public final class FakeOidcProvider implements AutoCloseable {
  public static final String CLIENT_ID = "console-client-1";
  static final String KID = "test-key-1";

  /** What a code stands for. */
  private record Grant(String challenge, String redirectUri, String idToken) {}

  private final HttpServer server;

  /** The provider's key, made once per test JVM (RSA key generation is the slow part). */
  private static final KeyPair KEY = rsa();

  private final KeyPair key = KEY;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  final AtomicInteger jwksFetches = new AtomicInteger();
  final AtomicInteger tokenCalls = new AtomicInteger();

  final AtomicInteger logouts = new AtomicInteger();
  private volatile String userEmail = "";
  private volatile String userPassword = "";

  public FakeOidcProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/.well-known/jwks.json", this::jwks);
    server.createContext("/oauth2/token", this::token);
    server.createContext("/oauth2/authorize", this::authorize);
    server.createContext("/login", this::login);
    server.createContext("/logout", this::logout);
    server.start();
  }

  /** The one user the sign-in form accepts. */
  public FakeOidcProvider withUser(String email, String password) {
    userEmail = email;
    userPassword = password;
    return this;
  }

  public int logouts() {
    return logouts.get();
  }

  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public OidcSignIn.Config config() {
    return OidcSignIn.Config.cognito(issuer(), issuer(), CLIENT_ID);
  }

  /** A fresh RSA key pair (a forger's, or a rotated key). */
  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  PrivateKey signingKey() {
    return key.getPrivate();
  }

  /**
   * The hosted UI's part: the admin signed in as {@code email}; returns the code for the console's
   * redirect {@code authorizeUrl}. {@code claims} may change the ID token's claims, {@code signer}
   * is the key it is signed with.
   */
  String issue(String authorizeUrl, String email, Consumer<ObjectNode> claims, PrivateKey signer) {
    Map<String, String> q = query(URI.create(authorizeUrl).getRawQuery());
    ObjectNode c = Json.mapper().createObjectNode();
    long now = Instant.now().getEpochSecond();
    c.put("sub", UUID.randomUUID().toString());
    c.put("email", email);
    c.put("email_verified", true);
    c.put("iss", issuer());
    c.put("aud", q.get("client_id"));
    c.put("token_use", "id");
    c.put("auth_time", now);
    c.put("iat", now);
    c.put("exp", now + 3600);
    c.put("nonce", q.get("nonce"));
    claims.accept(c);
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(q.get("code_challenge"), q.get("redirect_uri"), jwt(c, signer)));
    return code;
  }

  /** The code for an ID token made by the test itself. */
  String issueToken(String authorizeUrl, String idToken) {
    Map<String, String> q = query(URI.create(authorizeUrl).getRawQuery());
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(q.get("code_challenge"), q.get("redirect_uri"), idToken));
    return code;
  }

  static String jwt(ObjectNode claims, PrivateKey signer) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString(
            ("{\"kid\":\"" + KID + "\",\"alg\":\"RS256\"}").getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(signer);
      s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + b64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The hosted UI's sign-in page: a plain form that keeps the console's query. */
  private void authorize(HttpExchange x) throws IOException {
    String q = x.getRequestURI().getRawQuery();
    String html =
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Sign in</title></head><body>"
            + "<h1>Fake Cognito</h1><form method=post action=\"/login?"
            + (q == null ? "" : q.replace("&", "&amp;").replace("\"", "&quot;"))
            + "\"><label for=email>Email</label><input id=email name=email>"
            + "<label for=password>Password</label><input id=password name=password type=password>"
            + "<button type=submit>Sign in</button></form></body></html>";
    x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The form's answer: back to the console's callback with a code and its state. */
  private void login(HttpExchange x) throws IOException {
    Map<String, String> f =
        query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String authorizeUrl = issuer() + "/oauth2/authorize?" + x.getRequestURI().getRawQuery();
    Map<String, String> q = query(x.getRequestURI().getRawQuery());
    if (userEmail.isEmpty()
        || !userEmail.equals(f.get("email"))
        || !userPassword.equals(f.get("password"))) {
      send(x, 401, "{\"error\":\"wrong e-mail or password\"}");
      return;
    }
    String code = issue(authorizeUrl, userEmail, c -> {}, signingKey());
    x.getResponseHeaders()
        .set(
            "Location",
            q.get("redirect_uri")
                + "?code="
                + code
                + "&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void logout(HttpExchange x) throws IOException {
    logouts.incrementAndGet();
    Map<String, String> q = query(x.getRequestURI().getRawQuery());
    if (!CLIENT_ID.equals(q.get("client_id")) || q.get("logout_uri") == null) {
      send(x, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    x.getResponseHeaders().set("Location", q.get("logout_uri"));
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void jwks(HttpExchange x) throws IOException {
    jwksFetches.incrementAndGet();
    RSAPublicKey pub = (RSAPublicKey) key.getPublic();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    ObjectNode k = Json.mapper().createObjectNode();
    k.put("kty", "RSA").put("kid", KID).put("use", "sig").put("alg", "RS256");
    k.put("n", b64.encodeToString(unsigned(pub.getModulus().toByteArray())));
    k.put("e", b64.encodeToString(unsigned(pub.getPublicExponent().toByteArray())));
    ObjectNode body = Json.mapper().createObjectNode();
    body.putArray("keys").add(k);
    send(x, 200, body.toString());
  }

  private void token(HttpExchange x) throws IOException {
    tokenCalls.incrementAndGet();
    Map<String, String> f =
        query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Grant g = codes.remove(f.getOrDefault("code", ""));
    if (!x.getRequestMethod().equals("POST")
        || !"authorization_code".equals(f.get("grant_type"))
        || !CLIENT_ID.equals(f.get("client_id"))
        || g == null
        || !g.redirectUri().equals(f.get("redirect_uri"))
        || !g.challenge().equals(s256(f.getOrDefault("code_verifier", "")))) {
      send(x, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    send(
        x,
        200,
        "{\"id_token\":\""
            + g.idToken()
            + "\",\"access_token\":\"access-token-never-kept\",\"refresh_token\":\"refresh-never-kept\","
            + "\"token_type\":\"Bearer\",\"expires_in\":3600}");
  }

  static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] unsigned(byte[] b) {
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
