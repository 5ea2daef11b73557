package dev.scimserverless.handlers.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.admin.AdminApi;
import dev.scimserverless.core.admin.AdminService;
import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.ConsoleSessions;
import dev.scimserverless.core.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin console ({@code /console}, docs/console.md), transport-free: the local endpoint and the
 * Console Lambda function are thin adapters of it. Static assets that we serve ourselves, a session
 * cookie (HttpOnly, SameSite=Strict, Secure outside localhost) whose value is never stored (the
 * {@link ConsoleSessions} hold its SHA-256), a CSRF token required on every write, and {@code
 * /console/api/…}, the Admin API behind that session. Sign-in is pluggable: the admin token (local)
 * or OpenID Connect against Amazon Cognito (AWS, {@link OidcSignIn}). No rule of the Admin API
 * lives here.
 */
public final class ConsoleGateway {
  public static final String BASE = "/console";
  public static final String COOKIE = "scim_console";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final Duration SESSION_TTL = Duration.ofHours(8);

  /** No inline script or style, nothing from elsewhere, never framed. */
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final Map<String, String> ASSETS =
      Map.of(
          "/console/app.js", "application/javascript; charset=utf-8",
          "/console/app.css", "text/css; charset=utf-8",
          "/console/index.html", "text/html; charset=utf-8");

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One request: headers are looked up case-insensitively; several {@code Cookie} headers may be
   * joined with {@code ;}.
   */
  public record Request(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      String body,
      String requestId) {
    public Request {
      TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      h.putAll(headers);
      headers = h;
      query = Map.copyOf(query);
      body = body == null ? "" : body;
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  /** One answer; each of {@code cookies} is one {@code Set-Cookie} header. */
  public record Response(
      int status, Map<String, String> headers, List<String> cookies, String body) {}

  /** How an admin proves who they are. */
  sealed interface SignIn permits TokenSignIn, OidcSignIn {}

  /** The local endpoint's sign-in: the admin token, posted once, exchanged for a session. */
  record TokenSignIn(String adminTokenHash) implements SignIn {}

  private final AdminApi api;
  private final ConsoleSessions sessions;
  private final SignIn signIn;
  private final Clock clock;
  private final Map<String, byte[]> assetCache = new ConcurrentHashMap<>();

  private ConsoleGateway(AdminApi api, ConsoleSessions sessions, SignIn signIn, Clock clock) {
    this.api = api;
    this.sessions = sessions;
    this.signIn = signIn;
    this.clock = clock;
  }

  /** Sign-in with the admin token (the local endpoint). */
  public static ConsoleGateway withAdminToken(
      AdminApi api, ConsoleSessions sessions, String adminToken, Clock clock) {
    return new ConsoleGateway(api, sessions, new TokenSignIn(Tokens.hash(adminToken)), clock);
  }

  /** Sign-in with OpenID Connect (Amazon Cognito in AWS). */
  public static ConsoleGateway withOidc(
      AdminApi api, ConsoleSessions sessions, OidcSignIn oidc, Clock clock) {
    return new ConsoleGateway(api, sessions, oidc, clock);
  }

  public static boolean serves(String path) {
    return path.equals(BASE) || path.startsWith(BASE + "/");
  }

  /** {@code token} or {@code oidc}: which sign-in the page shows. */
  String signInKind() {
    return signIn instanceof TokenSignIn ? "token" : "oidc";
  }

  /**
   * The answer to one request; a store outage (the sessions) is a 503 (429 when throttled) with
   * {@code Retry-After}, never a failed function.
   */
  public Response handle(Request r) {
    try {
      return route(r);
    } catch (StoreException.Unavailable e) {
      Response busy =
          problem(
              e.throttled() ? 429 : 503, "The console's store is unavailable; try again shortly.");
      busy.headers().put("Retry-After", "5");
      return busy;
    }
  }

  private Response route(Request r) {
    String path = r.path();
    String method = r.method().toUpperCase();
    if (path.equals(BASE) || path.equals(BASE + "/")) {
      path = BASE + "/index.html";
    }
    if (ASSETS.containsKey(path)) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        return problem(405, "Use GET.");
      }
      return asset(path);
    }
    if (path.equals(BASE + "/session")) {
      return session(method, r);
    }
    if (signIn instanceof OidcSignIn oidc) {
      if (path.equals(BASE + "/login")) {
        return method.equals("GET") ? login(oidc, r) : problem(405, "Use GET.");
      }
      if (path.equals(BASE + "/callback")) {
        return method.equals("GET") ? callback(oidc, r) : problem(405, "Use GET.");
      }
    }
    if (path.startsWith(BASE + "/api/")) {
      Optional<ConsoleSessions.Session> session = session(r);
      if (session.isEmpty()) {
        return problem(401, "Sign in first.");
      }
      if (!method.equals("GET") && !csrfOk(session.get(), r)) {
        return problem(403, "The request lacks the console's CSRF token.");
      }
      AdminApi.Response a =
          api.handle(
              new AdminApi.Request(
                  method,
                  path.substring((BASE + "/api").length()),
                  r.query(),
                  r.body().isEmpty() ? null : r.body(),
                  new AdminService.Actor(session.get().actor(), r.requestId())));
      return answer(a.status(), a.headers(), List.of(), a.body());
    }
    return problem(404, "No such console page.");
  }

  private Response session(String method, Request r) {
    switch (method) {
      case "POST" -> {
        if (!(signIn instanceof TokenSignIn token)) {
          return problem(405, "Sign in with your organization account: GET " + BASE + "/login.");
        }
        String sent;
        try {
          sent = Json.parse(r.body()).path("token").asText("");
        } catch (RuntimeException e) {
          return problem(400, "Send {\"token\": \"<admin token>\"}.");
        }
        if (!Tokens.sameHash(Tokens.hash(sent.trim()), token.adminTokenHash())) {
          return problem(401, "That is not the admin token.");
        }
        String id = random();
        ConsoleSessions.Session s = startSession(r, "admin:console", id);
        return answer(
            200,
            securityHeaders("application/json"),
            List.of(sessionCookie(id, secure(r))),
            sessionBody(s));
      }
      case "GET" -> {
        Optional<ConsoleSessions.Session> s = session(r);
        if (s.isEmpty()) {
          return problem(401, "Not signed in.");
        }
        return answer(200, securityHeaders("application/json"), List.of(), sessionBody(s.get()));
      }
      case "DELETE" -> {
        Optional<ConsoleSessions.Session> s = session(r);
        if (s.isPresent() && !csrfOk(s.get(), r)) {
          return problem(403, "The request lacks the console's CSRF token.");
        }
        cookie(r, COOKIE).ifPresent(id -> sessions.delete(Tokens.hash(id)));
        ObjectNode body = Json.mapper().createObjectNode();
        if (signIn instanceof OidcSignIn oidc) {
          // the identity provider's own session ends too, or the next sign-in would be silent
          body.put("signOutUrl", oidc.logoutUrl(origin(r) + BASE + "/"));
        }
        return answer(
            200,
            securityHeaders("application/json"),
            List.of(expiredCookie(COOKIE, BASE, "Strict", secure(r))),
            body.toString());
      }
      default -> {
        return problem(405, "Use POST to sign in, DELETE to sign out.");
      }
    }
  }

  /** {@code /console/login}: to the identity provider, with state, nonce and PKCE (S256). */
  private Response login(OidcSignIn oidc, Request r) {
    OidcSignIn.Pending pending = OidcSignIn.Pending.fresh();
    Map<String, String> h = securityHeaders("text/plain; charset=utf-8");
    h.put("Location", oidc.authorizeUrl(redirectUri(r), pending));
    return answer(
        302,
        h,
        List.of(
            // Lax, not Strict: the browser must send it on the identity provider's redirect back
            COOKIE
                + "_login="
                + pending.cookieValue()
                + "; Path="
                + BASE
                + "/callback; HttpOnly; SameSite=Lax; Max-Age="
                + OidcSignIn.LOGIN_TTL.toSeconds()
                + (secure(r) ? "; Secure" : "")),
        "");
  }

  /** {@code /console/callback}: state checked, code exchanged, ID token verified, session made. */
  private Response callback(OidcSignIn oidc, Request r) {
    List<String> clear =
        List.of(expiredCookie(COOKIE + "_login", BASE + "/callback", "Lax", secure(r)));
    if (r.query().containsKey("error")) {
      return problem(
          401, "The identity provider did not sign you in. Try again from " + BASE + "/.", clear);
    }
    Optional<OidcSignIn.Pending> pending =
        cookie(r, COOKIE + "_login").flatMap(OidcSignIn.Pending::parse);
    String state = r.query().getOrDefault("state", "");
    String code = r.query().getOrDefault("code", "");
    if (pending.isEmpty()
        || code.isEmpty()
        || !MessageDigest.isEqual(
            state.getBytes(StandardCharsets.US_ASCII),
            pending.get().state().getBytes(StandardCharsets.US_ASCII))) {
      return problem(
          400,
          "This sign-in was not started here or took too long. Start again from " + BASE + "/.",
          clear);
    }
    String actor;
    try {
      actor = oidc.signIn(code, redirectUri(r), pending.get());
    } catch (OidcSignIn.SignInFailed e) {
      // the reason names a check, never a token
      Response refused =
          problem(e.unavailable() ? 503 : 401, "Sign-in failed: " + e.getMessage(), clear);
      if (e.unavailable()) {
        refused.headers().put("Retry-After", "5");
      }
      return refused;
    }
    String id = random();
    startSession(r, actor, id);
    Map<String, String> h = securityHeaders("text/plain; charset=utf-8");
    h.put("Location", BASE + "/");
    List<String> cookies = new ArrayList<>(clear);
    cookies.add(sessionCookie(id, secure(r)));
    return answer(302, h, cookies, "");
  }

  /** A new session; the browser's previous one, if any, ends (a session id is never reused). */
  private ConsoleSessions.Session startSession(Request r, String actor, String id) {
    cookie(r, COOKIE).ifPresent(old -> sessions.delete(Tokens.hash(old)));
    ConsoleSessions.Session s =
        new ConsoleSessions.Session(actor, random(), clock.instant().plus(SESSION_TTL));
    sessions.put(Tokens.hash(id), s);
    return s;
  }

  private String sessionBody(ConsoleSessions.Session s) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("csrf", s.csrf());
    n.put("signIn", signInKind());
    n.put("actor", s.actor());
    return n.toString();
  }

  private static String sessionCookie(String id, boolean secure) {
    return COOKIE
        + "="
        + id
        + "; Path="
        + BASE
        + "; HttpOnly; SameSite=Strict; Max-Age="
        + SESSION_TTL.toSeconds()
        + (secure ? "; Secure" : "");
  }

  private static String expiredCookie(String name, String path, String sameSite, boolean secure) {
    return name
        + "=; Path="
        + path
        + "; HttpOnly; SameSite="
        + sameSite
        + "; Max-Age=0"
        + (secure ? "; Secure" : "");
  }

  private Optional<ConsoleSessions.Session> session(Request r) {
    Optional<String> id = cookie(r, COOKIE);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String hash = Tokens.hash(id.get());
    Optional<ConsoleSessions.Session> s = sessions.find(hash);
    if (s.isPresent() && !s.get().expires().isAfter(clock.instant())) {
      sessions.delete(hash);
      return Optional.empty();
    }
    return s;
  }

  private static boolean csrfOk(ConsoleSessions.Session s, Request r) {
    String sent = r.header(CSRF_HEADER);
    if (sent == null) {
      return false;
    }
    // a cross-site page cannot set this header without a CORS preflight we never answer, and
    // cannot read the token; compare in time independent of where they differ
    return MessageDigest.isEqual(
        sent.getBytes(StandardCharsets.US_ASCII), s.csrf().getBytes(StandardCharsets.US_ASCII));
  }

  /** A cookie's value; several Cookie headers may arrive joined with {@code ;} or {@code ,}. */
  static Optional<String> cookie(Request r, String name) {
    String all = r.header("Cookie");
    if (all == null) {
      return Optional.empty();
    }
    for (String part : all.split("[;,]")) {
      String p = part.trim();
      if (p.startsWith(name + "=")) {
        String v = p.substring(name.length() + 1);
        if (!v.isEmpty()) {
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  private static String host(Request r) {
    return Optional.ofNullable(r.header("Host")).orElse("");
  }

  /** Secure cookies everywhere but plain-HTTP localhost, where browsers would drop them. */
  static boolean secure(Request r) {
    String name = host(r).replaceFirst(":\\d+$", "");
    return !(name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]"));
  }

  private static String origin(Request r) {
    return (secure(r) ? "https://" : "http://") + host(r);
  }

  /**
   * Where the identity provider sends the browser back. Built from the Host the gateway routed on;
   * the provider accepts only the callback URLs registered for the client (template.yaml), so a
   * forged Host gets no code.
   */
  private static String redirectUri(Request r) {
    return origin(r) + BASE + "/callback";
  }

  private Response asset(String path) {
    byte[] bytes =
        assetCache.computeIfAbsent(
            path,
            p -> {
              try (InputStream in = ConsoleGateway.class.getResourceAsStream(p)) {
                if (in == null) {
                  throw new IllegalStateException(p + " is missing from the classpath");
                }
                return in.readAllBytes();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return answer(
        200,
        securityHeaders(ASSETS.get(path)),
        List.of(),
        new String(bytes, StandardCharsets.UTF_8));
  }

  public static Map<String, String> securityHeaders(String contentType) {
    Map<String, String> h = new HashMap<>();
    h.put("Content-Type", contentType);
    h.put("Content-Security-Policy", CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
    h.put("X-Frame-Options", "DENY");
    h.put("Cache-Control", "no-store");
    return h;
  }

  private Response problem(int status, String detail) {
    return problem(status, detail, List.of());
  }

  /** An RFC 9457 problem that also says which sign-in the page should offer. */
  private Response problem(int status, String detail, List<String> cookies) {
    AdminApi.Response p = AdminApi.problem(status, detail, Optional.empty());
    JsonNode body = Json.parse(p.body());
    ((ObjectNode) body).put("signIn", signInKind());
    return answer(status, securityHeaders(AdminApi.PROBLEM_JSON), cookies, body.toString());
  }

  private static Response answer(
      int status, Map<String, String> headers, List<String> cookies, String body) {
    Map<String, String> h = new HashMap<>(headers);
    h.putAll(
        Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer"));
    return new Response(status, h, List.copyOf(cookies), body);
  }

  static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
