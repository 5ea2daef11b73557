package dev.scimserverless.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import dev.scimserverless.core.admin.AdminApi;
import dev.scimserverless.core.admin.AdminService;
import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin console on the local endpoint ({@code /console}, docs/console.md): static assets that
 * we serve ourselves, a sign-in with the admin token that becomes a session cookie (HttpOnly,
 * SameSite=Strict, Secure outside localhost), and {@code /console/api/…}, the Admin API behind that
 * session, with a CSRF token required on every write. The console is a client of the Admin API: no
 * rule lives here.
 */
final class LocalConsole {
  static final String BASE = "/console";
  static final String COOKIE = "scim_console";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final Duration SESSION_TTL = Duration.ofHours(8);

  /** No inline script or style, nothing from elsewhere, never framed. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final Map<String, String> ASSETS =
      Map.of(
          "/console/app.js", "application/javascript; charset=utf-8",
          "/console/app.css", "text/css; charset=utf-8",
          "/console/index.html", "text/html; charset=utf-8");

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Session(String csrf, Instant expires) {}

  private final AdminApi api;
  private final String adminTokenHash;
  private final Clock clock;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, byte[]> assetCache = new ConcurrentHashMap<>();

  LocalConsole(AdminApi api, String adminToken, Clock clock) {
    this.api = api;
    this.adminTokenHash = Tokens.hash(adminToken);
    this.clock = clock;
  }

  static boolean serves(String path) {
    return path.equals(BASE) || path.startsWith(BASE + "/");
  }

  APIGatewayProxyResponseEvent answer(
      String method,
      String path,
      Map<String, List<String>> query,
      Headers headers,
      byte[] body,
      String requestId) {
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
      return session(method, headers, body);
    }
    if (path.startsWith(BASE + "/api/")) {
      Optional<Session> session = session(headers);
      if (session.isEmpty()) {
        return problem(401, "Sign in first.");
      }
      if (!method.equals("GET") && !csrfOk(session.get(), headers)) {
        return problem(403, "The request lacks the console's CSRF token.");
      }
      Map<String, String> single = new HashMap<>();
      query.forEach((k, v) -> single.put(k, v.get(v.size() - 1)));
      AdminApi.Response r =
          api.handle(
              new AdminApi.Request(
                  method,
                  path.substring((BASE + "/api").length()),
                  single,
                  body.length == 0 ? null : new String(body, StandardCharsets.UTF_8),
                  new AdminService.Actor("admin:console", requestId)));
      return event(r.status(), r.headers(), r.body());
    }
    return problem(404, "No such console page.");
  }

  private APIGatewayProxyResponseEvent session(String method, Headers headers, byte[] body) {
    switch (method) {
      case "POST" -> {
        String token;
        try {
          JsonNode n = Json.parse(new String(body, StandardCharsets.UTF_8));
          token = n.path("token").asText("");
        } catch (RuntimeException e) {
          return problem(400, "Send {\"token\": \"<admin token>\"}.");
        }
        if (!Tokens.sameHash(Tokens.hash(token.trim()), adminTokenHash)) {
          return problem(401, "That is not the admin token.");
        }
        String id = random();
        Session s = new Session(random(), clock.instant().plus(SESSION_TTL));
        sessions.put(id, s);
        Map<String, String> h = securityHeaders("application/json");
        h.put(
            "Set-Cookie",
            COOKIE
                + "="
                + id
                + "; Path="
                + BASE
                + "; HttpOnly; SameSite=Strict; Max-Age="
                + SESSION_TTL.toSeconds()
                + (secure(headers) ? "; Secure" : ""));
        return event(200, h, "{\"csrf\":\"" + s.csrf() + "\"}");
      }
      case "GET" -> {
        Optional<Session> s = session(headers);
        if (s.isEmpty()) {
          return problem(401, "Not signed in.");
        }
        return event(
            200, securityHeaders("application/json"), "{\"csrf\":\"" + s.get().csrf() + "\"}");
      }
      case "DELETE" -> {
        Optional<String> id = cookie(headers);
        Optional<Session> s = session(headers);
        if (s.isPresent() && !csrfOk(s.get(), headers)) {
          return problem(403, "The request lacks the console's CSRF token.");
        }
        id.ifPresent(sessions::remove);
        Map<String, String> h = securityHeaders("application/json");
        h.put(
            "Set-Cookie",
            COOKIE
                + "=; Path="
                + BASE
                + "; HttpOnly; SameSite=Strict; Max-Age=0"
                + (secure(headers) ? "; Secure" : ""));
        return event(200, h, "{}");
      }
      default -> {
        return problem(405, "Use POST to sign in, DELETE to sign out.");
      }
    }
  }

  private Optional<Session> session(Headers headers) {
    Optional<String> id = cookie(headers);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Session s = sessions.get(id.get());
    if (s == null) {
      return Optional.empty();
    }
    if (s.expires().isBefore(clock.instant())) {
      sessions.remove(id.get());
      return Optional.empty();
    }
    return Optional.of(s);
  }

  private static boolean csrfOk(Session s, Headers headers) {
    String sent = headers.getFirst(CSRF_HEADER);
    if (sent == null) {
      return false;
    }
    // a cross-site page cannot set this header without a CORS preflight we never answer, and
    // cannot read the token; compare in time independent of where they differ
    return java.security.MessageDigest.isEqual(
        sent.getBytes(StandardCharsets.US_ASCII), s.csrf().getBytes(StandardCharsets.US_ASCII));
  }

  private static Optional<String> cookie(Headers headers) {
    List<String> all = headers.get("Cookie");
    if (all == null) {
      return Optional.empty();
    }
    for (String header : all) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(COOKIE + "=")) {
          return Optional.of(p.substring(COOKIE.length() + 1));
        }
      }
    }
    return Optional.empty();
  }

  /** Secure cookies everywhere but plain-HTTP localhost, where browsers would drop them. */
  private static boolean secure(Headers headers) {
    String host = Optional.ofNullable(headers.getFirst("Host")).orElse("");
    String name = host.replaceFirst(":\\d+$", "");
    return !(name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]"));
  }

  private APIGatewayProxyResponseEvent asset(String path) {
    byte[] bytes =
        assetCache.computeIfAbsent(
            path,
            p -> {
              try (InputStream in = LocalConsole.class.getResourceAsStream(p)) {
                if (in == null) {
                  throw new IllegalStateException(p + " is missing from the classpath");
                }
                return in.readAllBytes();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return event(200, securityHeaders(ASSETS.get(path)), new String(bytes, StandardCharsets.UTF_8));
  }

  static Map<String, String> securityHeaders(String contentType) {
    Map<String, String> h = new HashMap<>();
    h.put("Content-Type", contentType);
    h.put("Content-Security-Policy", CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
    h.put("X-Frame-Options", "DENY");
    h.put("Cache-Control", "no-store");
    return h;
  }

  private static APIGatewayProxyResponseEvent problem(int status, String detail) {
    AdminApi.Response p = AdminApi.problem(status, detail, Optional.empty());
    Map<String, String> h = securityHeaders(AdminApi.PROBLEM_JSON);
    return event(status, h, p.body());
  }

  private static APIGatewayProxyResponseEvent event(
      int status, Map<String, String> headers, String body) {
    Map<String, String> h = new HashMap<>(headers);
    h.putAll(
        Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer"));
    APIGatewayProxyResponseEvent e = new APIGatewayProxyResponseEvent();
    e.setStatusCode(status);
    e.setHeaders(h);
    e.setBody(body);
    return e;
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
