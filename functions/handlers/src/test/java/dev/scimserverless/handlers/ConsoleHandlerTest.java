package dev.scimserverless.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.admin.AdminApi;
import dev.scimserverless.core.admin.AdminService;
import dev.scimserverless.core.admin.TenantReads;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.ConsoleSessions;
import dev.scimserverless.handlers.console.ConsoleGateway;
import dev.scimserverless.handlers.console.OidcSignIn;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import dev.scimserverless.store.memory.InMemoryConsoleSessions;
import dev.scimserverless.store.memory.InMemoryProvisioningLog;
import dev.scimserverless.store.memory.InMemoryStore;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Console function in AWS, driven with the console API's events (a JSON fixture) against a fake
 * Cognito (token endpoint and JWKS, RS256 keys made in the test): the code flow with state, nonce
 * and PKCE, the ID token checks, the session cookie, CSRF, sign-out. Two function instances share
 * the sessions store only, as Lambda instances do.
 */
class ConsoleHandlerTest {
  static final String HOST = "console.example.test";

  FakeOidcProvider idp;
  ConsoleSessions sessions;
  ConsoleHandler instanceA;
  ConsoleHandler instanceB;

  /** The sessions store the instances share (overridden on DynamoDB). */
  ConsoleSessions newSessions() {
    return new InMemoryConsoleSessions();
  }

  @BeforeEach
  void start() throws Exception {
    idp = new FakeOidcProvider();
    sessions = newSessions();
    InMemoryStore store = new InMemoryStore();
    AdminApi api =
        new AdminApi(
            new AdminService(
                store,
                store,
                new InMemoryAuditLog(),
                new InMemoryProvisioningLog(),
                Clock.systemUTC(),
                w -> {}),
            "https://scim.example.test/prod/scim/v2",
            Clock.systemUTC(),
            new TenantReads(store));
    instanceA = handler(api);
    instanceB = handler(api);
  }

  ConsoleHandler handler(AdminApi api) {
    return new ConsoleHandler(
        ConsoleGateway.withOidc(
            api,
            sessions,
            new OidcSignIn(idp.config(), OidcSignIn.defaultHttpClient(), Clock.systemUTC()),
            Clock.systemUTC()));
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  // ---- helpers: a browser's view ----

  /** A started sign-in: the console's redirect and its login cookie. */
  record Login(String location, String cookie, Map<String, String> query) {}

  Login login() {
    APIGatewayProxyResponseEvent r =
        instanceA.handleRequest(ConsoleEvents.request("GET", "/console/login").build(), null);
    assertEquals(302, r.getStatusCode());
    String location = r.getHeaders().get("Location");
    String setCookie = only(r);
    return new Login(
        location,
        setCookie.substring(0, setCookie.indexOf(';')),
        FakeOidcProvider.query(URI.create(location).getRawQuery()));
  }

  APIGatewayProxyResponseEvent callback(Login l, String code, String state) {
    return instanceA.handleRequest(
        ConsoleEvents.request("GET", "/console/callback")
            .query(Map.of("code", code, "state", state))
            .cookies(l.cookie())
            .build(),
        null);
  }

  APIGatewayProxyResponseEvent callbackWith(Consumer<ObjectNode> claims, PrivateKey key) {
    Login l = login();
    return callback(
        l, idp.issue(l.location(), "alice@example.com", claims, key), l.query().get("state"));
  }

  /** Signs in as alice; returns the session cookie ({@code name=value}). */
  String signIn() {
    APIGatewayProxyResponseEvent r = callbackWith(c -> {}, idp.signingKey());
    assertEquals(302, r.getStatusCode(), r.getBody());
    String session =
        cookies(r).stream()
            .filter(c -> c.startsWith(ConsoleGateway.COOKIE + "="))
            .findFirst()
            .orElseThrow();
    return session.substring(0, session.indexOf(';'));
  }

  static List<String> cookies(APIGatewayProxyResponseEvent r) {
    return r.getMultiValueHeaders() == null
        ? List.of()
        : r.getMultiValueHeaders().get("Set-Cookie");
  }

  static String only(APIGatewayProxyResponseEvent r) {
    List<String> c = cookies(r);
    assertEquals(1, c.size(), c.toString());
    return c.get(0);
  }

  static APIGatewayProxyResponseEvent call(ConsoleHandler h, ConsoleEvents e) {
    return h.handleRequest(e.build(), null);
  }

  static String csrf(ConsoleHandler h, String cookie) {
    APIGatewayProxyResponseEvent r =
        call(h, ConsoleEvents.request("GET", "/console/session").cookies(cookie));
    assertEquals(200, r.getStatusCode(), r.getBody());
    return Json.parse(r.getBody()).path("csrf").asText();
  }

  static String cookieValue(String cookie) {
    return cookie.substring(cookie.indexOf('=') + 1);
  }

  // ---- the tests ----

  @Test
  void theLoginRedirectCarriesStateNonceAndAnS256Challenge() {
    Login l = login();
    assertTrue(l.location().startsWith(idp.issuer() + "/oauth2/authorize?"), l.location());
    Map<String, String> q = l.query();
    assertEquals("code", q.get("response_type"));
    assertEquals(FakeOidcProvider.CLIENT_ID, q.get("client_id"));
    assertEquals("https://" + HOST + "/console/callback", q.get("redirect_uri"));
    assertEquals("openid email", q.get("scope"));
    assertEquals("S256", q.get("code_challenge_method"));
    assertTrue(q.get("state").length() >= 43 && q.get("nonce").length() >= 43);
    assertFalse(q.get("state").equals(q.get("nonce")));
    // the login cookie holds state, nonce and the verifier whose S256 is the challenge
    String[] held = cookieValue(l.cookie()).split("\\.");
    assertEquals(q.get("state"), held[0]);
    assertEquals(q.get("nonce"), held[1]);
    assertEquals(q.get("code_challenge"), FakeOidcProvider.s256(held[2]));
    assertFalse(l.location().contains(held[2]), "the verifier is never in a URL");
    APIGatewayProxyResponseEvent r =
        instanceA.handleRequest(ConsoleEvents.request("GET", "/console/login").build(), null);
    String setCookie = only(r);
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("Secure"), setCookie);
    assertTrue(setCookie.contains("SameSite=Lax"), setCookie); // it must come back from the IdP
    assertTrue(setCookie.contains("Path=/console/callback"), setCookie);
    assertTrue(setCookie.contains("Max-Age=600"), setCookie);
    // each sign-in is new
    assertFalse(
        FakeOidcProvider.query(URI.create(r.getHeaders().get("Location")).getRawQuery())
            .get("state")
            .equals(q.get("state")));
  }

  @Test
  void aValidCallbackSetsTheSessionCookieAndTheApiWorksWithCsrfOnWrites() {
    Login l = login();
    String code = idp.issue(l.location(), "alice@example.com", c -> {}, idp.signingKey());
    APIGatewayProxyResponseEvent r = callback(l, code, l.query().get("state"));
    assertEquals(302, r.getStatusCode(), r.getBody());
    assertEquals("/console/", r.getHeaders().get("Location"));
    List<String> set = cookies(r);
    String session =
        set.stream()
            .filter(c -> c.startsWith(ConsoleGateway.COOKIE + "="))
            .findFirst()
            .orElseThrow();
    for (String attribute :
        new String[] {"HttpOnly", "Secure", "SameSite=Strict", "Path=/console;", "Max-Age=28800"}) {
      assertTrue(session.contains(attribute), session);
    }
    assertTrue(
        set.stream()
            .anyMatch(
                c -> c.startsWith(ConsoleGateway.COOKIE + "_login=;") && c.contains("Max-Age=0")),
        "the login cookie is cleared: " + set);
    // no token of the provider reaches the browser: not in the cookie, a header or the body
    String everything = set + " " + r.getHeaders() + " " + r.getBody();
    assertFalse(
        everything.contains("access-token-never-kept")
            || everything.contains("refresh-never-kept"));
    assertFalse(everything.contains("eyJ"), "no JWT: " + everything);
    // the code is single-use
    Login again = login();
    assertEquals(401, callback(again, code, again.query().get("state")).getStatusCode());

    String cookie = session.substring(0, session.indexOf(';'));
    JsonNode who =
        Json.parse(
            call(instanceA, ConsoleEvents.request("GET", "/console/session").cookies(cookie))
                .getBody());
    assertEquals("oidc", who.path("signIn").asText());
    assertEquals("admin:alice@example.com", who.path("actor").asText());
    String csrf = who.path("csrf").asText();

    APIGatewayProxyResponseEvent list =
        call(instanceA, ConsoleEvents.request("GET", "/console/api/tenants").cookies(cookie));
    assertEquals(200, list.getStatusCode(), list.getBody());
    assertTrue(Json.parse(list.getBody()).path("tenants").isArray());
    String create = "{\"id\":\"acme\",\"name\":\"Acme Inc.\"}";
    APIGatewayProxyResponseEvent noCsrf =
        call(
            instanceA,
            ConsoleEvents.request("POST", "/console/api/tenants").cookies(cookie).json(create));
    assertEquals(403, noCsrf.getStatusCode());
    APIGatewayProxyResponseEvent forged =
        call(
            instanceA,
            ConsoleEvents.request("POST", "/console/api/tenants")
                .cookies(cookie)
                .header("X-CSRF-Token", "forged")
                .json(create));
    assertEquals(403, forged.getStatusCode());
    APIGatewayProxyResponseEvent created =
        call(
            instanceA,
            ConsoleEvents.request("POST", "/console/api/tenants")
                .cookies(cookie)
                .header("X-CSRF-Token", csrf)
                .json(create));
    assertEquals(201, created.getStatusCode(), created.getBody());
    assertTrue(
        Json.parse(created.getBody()).path("token").path("value").asText().startsWith("scim_"));
    // the audit trail names the admin who signed in
    APIGatewayProxyResponseEvent audit =
        call(
            instanceA,
            ConsoleEvents.request("GET", "/console/api/tenants/acme/audit").cookies(cookie));
    assertTrue(audit.getBody().contains("admin:alice@example.com"), audit.getBody());
    // no session, no API
    assertEquals(
        401, call(instanceA, ConsoleEvents.request("GET", "/console/api/tenants")).getStatusCode());
    assertEquals(
        401,
        call(
                instanceA,
                ConsoleEvents.request("GET", "/console/api/tenants")
                    .cookies(ConsoleGateway.COOKIE + "=made-up"))
            .getStatusCode());
  }

  @Test
  void badIdTokensAreRefusedAndMakeNoSession() {
    Map<String, APIGatewayProxyResponseEvent> refused = new java.util.LinkedHashMap<>();
    refused.put(
        "forged (another key, same kid)",
        callbackWith(c -> {}, FakeOidcProvider.rsa().getPrivate()));
    refused.put(
        "expired",
        callbackWith(
            c -> c.put("exp", java.time.Instant.now().getEpochSecond() - 3600), idp.signingKey()));
    refused.put(
        "wrong audience", callbackWith(c -> c.put("aud", "another-client"), idp.signingKey()));
    refused.put(
        "wrong nonce",
        callbackWith(c -> c.put("nonce", "a-nonce-of-another-sign-in"), idp.signingKey()));
    refused.put(
        "wrong issuer",
        callbackWith(c -> c.put("iss", "https://cognito-idp.example/other"), idp.signingKey()));
    refused.put(
        "an access token", callbackWith(c -> c.put("token_use", "access"), idp.signingKey()));
    for (Map.Entry<String, APIGatewayProxyResponseEvent> e : refused.entrySet()) {
      APIGatewayProxyResponseEvent r = e.getValue();
      assertEquals(401, r.getStatusCode(), e.getKey() + ": " + r.getBody());
      assertEquals(AdminApi.PROBLEM_JSON, r.getHeaders().get("Content-Type"));
      assertTrue(
          Json.parse(r.getBody()).path("detail").asText().startsWith("Sign-in failed: the "),
          r.getBody());
      assertTrue(
          cookies(r).stream().noneMatch(c -> c.startsWith(ConsoleGateway.COOKIE + "=")),
          e.getKey());
      assertFalse(r.getBody().contains("eyJ"), "the token is not echoed: " + r.getBody());
    }
    // an unsigned token ("alg":"none") is refused before any key is looked at
    Login l = login();
    String none =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    ("{\"iss\":\""
                            + idp.issuer()
                            + "\",\"aud\":\""
                            + FakeOidcProvider.CLIENT_ID
                            + "\",\"token_use\":\"id\",\"exp\":9999999999,\"nonce\":\""
                            + l.query().get("nonce")
                            + "\"}")
                        .getBytes())
            + ".";
    APIGatewayProxyResponseEvent unsigned =
        callback(l, idp.issueToken(l.location(), none), l.query().get("state"));
    assertEquals(401, unsigned.getStatusCode(), unsigned.getBody());
    assertTrue(unsigned.getBody().contains("RS256"), unsigned.getBody());
    assertEquals(1, idp.jwksFetches.get(), "the JWKS is fetched once and cached");
  }

  @Test
  void aMismatchedOrMissingStateIsRefusedBeforeTheCodeIsSpent() {
    Login l = login();
    String code = idp.issue(l.location(), "alice@example.com", c -> {}, idp.signingKey());
    APIGatewayProxyResponseEvent wrong = callback(l, code, "not-the-state-of-this-sign-in");
    assertEquals(400, wrong.getStatusCode());
    assertTrue(cookies(wrong).stream().noneMatch(c -> c.startsWith(ConsoleGateway.COOKIE + "=")));
    // a callback without the login cookie (another browser, or a link sent to the admin)
    APIGatewayProxyResponseEvent noCookie =
        call(
            instanceA,
            ConsoleEvents.request("GET", "/console/callback")
                .query(Map.of("code", code, "state", l.query().get("state"))));
    assertEquals(400, noCookie.getStatusCode());
    assertEquals(0, idp.tokenCalls.get(), "the code was never sent to the provider");
    // the provider's own refusal (?error=access_denied)
    APIGatewayProxyResponseEvent denied =
        call(
            instanceA,
            ConsoleEvents.request("GET", "/console/callback")
                .query(Map.of("error", "access_denied", "state", l.query().get("state")))
                .cookies(l.cookie()));
    assertEquals(401, denied.getStatusCode());
  }

  @Test
  void aSessionWorksOnEveryInstanceAndSignOutEndsItEverywhere() {
    String cookie = signIn();
    String csrf = csrf(instanceB, cookie); // made on A, read on B: shared sessions, no memory
    assertEquals(
        200,
        call(instanceB, ConsoleEvents.request("GET", "/console/api/tenants").cookies(cookie))
            .getStatusCode());
    // sign-out needs the CSRF token too (no sign-out by a cross-site request)
    assertEquals(
        403,
        call(instanceB, ConsoleEvents.request("DELETE", "/console/session").cookies(cookie))
            .getStatusCode());
    APIGatewayProxyResponseEvent out =
        call(
            instanceB,
            ConsoleEvents.request("DELETE", "/console/session")
                .cookies(cookie)
                .header("X-CSRF-Token", csrf));
    assertEquals(200, out.getStatusCode(), out.getBody());
    String cleared = only(out);
    assertTrue(
        cleared.startsWith(ConsoleGateway.COOKIE + "=;") && cleared.contains("Max-Age=0"), cleared);
    URI signOut = URI.create(Json.parse(out.getBody()).path("signOutUrl").asText());
    assertEquals(
        idp.issuer() + "/logout",
        signOut.getScheme() + "://" + signOut.getAuthority() + signOut.getPath());
    Map<String, String> q = FakeOidcProvider.query(signOut.getRawQuery());
    assertEquals(FakeOidcProvider.CLIENT_ID, q.get("client_id"));
    assertEquals("https://" + HOST + "/console/", q.get("logout_uri"));
    // the old cookie no longer works, on either instance
    assertEquals(
        401,
        call(instanceA, ConsoleEvents.request("GET", "/console/api/tenants").cookies(cookie))
            .getStatusCode());
    assertEquals(
        401,
        call(instanceB, ConsoleEvents.request("GET", "/console/session").cookies(cookie))
            .getStatusCode());
  }

  @Test
  void signingInAgainEndsTheBrowsersPreviousSession() {
    String first = signIn();
    Login l = login();
    String code = idp.issue(l.location(), "alice@example.com", c -> {}, idp.signingKey());
    APIGatewayProxyResponseEvent again =
        call(
            instanceA,
            ConsoleEvents.request("GET", "/console/callback")
                .query(Map.of("code", code, "state", l.query().get("state")))
                .cookies(l.cookie(), first));
    assertEquals(302, again.getStatusCode(), again.getBody());
    assertEquals(
        401,
        call(instanceB, ConsoleEvents.request("GET", "/console/api/tenants").cookies(first))
            .getStatusCode());
  }

  @Test
  void thePageLearnsWhichSignInToOfferAndTheAdminTokenFormIsOff() {
    APIGatewayProxyResponseEvent r =
        call(instanceA, ConsoleEvents.request("GET", "/console/session"));
    assertEquals(401, r.getStatusCode());
    assertEquals("oidc", Json.parse(r.getBody()).path("signIn").asText());
    APIGatewayProxyResponseEvent post =
        call(
            instanceA,
            ConsoleEvents.request("POST", "/console/session").json("{\"token\":\"adm_guess\"}"));
    assertEquals(405, post.getStatusCode());
    assertTrue(cookies(post).isEmpty());
  }

  @Test
  void aSessionStoreOutageIsA503OrA429WithRetryAfterNotAFailedFunction() {
    String cookie = signIn();
    ConsoleSessions down =
        new ConsoleSessions() {
          @Override
          public void put(String idHash, Session session) {
            throw new dev.scimserverless.core.store.StoreException.Unavailable("down", false, null);
          }

          @Override
          public Optional<Session> find(String idHash) {
            throw new dev.scimserverless.core.store.StoreException.Unavailable("slow", true, null);
          }

          @Override
          public void delete(String idHash) {
            throw new dev.scimserverless.core.store.StoreException.Unavailable("down", false, null);
          }
        };
    ConsoleHandler broken =
        new ConsoleHandler(
            ConsoleGateway.withOidc(
                null,
                down,
                new OidcSignIn(idp.config(), OidcSignIn.defaultHttpClient(), Clock.systemUTC()),
                Clock.systemUTC()));
    // reading the session: the store throttles
    APIGatewayProxyResponseEvent r =
        call(broken, ConsoleEvents.request("GET", "/console/api/tenants").cookies(cookie));
    assertEquals(429, r.getStatusCode(), r.getBody());
    assertEquals("5", r.getHeaders().get("Retry-After"));
    assertEquals(AdminApi.PROBLEM_JSON, r.getHeaders().get("Content-Type"));
    // making the session after a good sign-in: the store is down
    APIGatewayProxyResponseEvent start =
        broken.handleRequest(ConsoleEvents.request("GET", "/console/login").build(), null);
    String location = start.getHeaders().get("Location");
    String loginCookie = only(start).substring(0, only(start).indexOf(';'));
    String code = idp.issue(location, "alice@example.com", c -> {}, idp.signingKey());
    APIGatewayProxyResponseEvent made =
        call(
            broken,
            ConsoleEvents.request("GET", "/console/callback")
                .query(
                    Map.of(
                        "code",
                        code,
                        "state",
                        FakeOidcProvider.query(URI.create(location).getRawQuery()).get("state")))
                .cookies(loginCookie));
    assertEquals(503, made.getStatusCode(), made.getBody());
    assertEquals("5", made.getHeaders().get("Retry-After"));
  }

  @Test
  void assetsAreServedWithTheStrictPolicy() {
    for (String path :
        new String[] {"/console", "/console/", "/console/app.js", "/console/app.css"}) {
      APIGatewayProxyResponseEvent r = call(instanceA, ConsoleEvents.request("GET", path));
      assertEquals(200, r.getStatusCode(), path);
      assertEquals(ConsoleGateway.CSP, r.getHeaders().get("Content-Security-Policy"));
      assertEquals("DENY", r.getHeaders().get("X-Frame-Options"));
      assertEquals("nosniff", r.getHeaders().get("X-Content-Type-Options"));
      assertNotNull(r.getHeaders().get(ScimFunction.REQUEST_ID_HEADER));
    }
    assertEquals(
        404,
        call(instanceA, ConsoleEvents.request("GET", "/console/nothing-here")).getStatusCode());
    assertEquals(
        Optional.of(405).get(),
        call(instanceA, ConsoleEvents.request("POST", "/console/app.js")).getStatusCode());
  }
}
