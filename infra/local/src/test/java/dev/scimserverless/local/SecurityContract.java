package dev.scimserverless.local;

import static dev.scimserverless.local.SecurityEndpoint.ORG_A;
import static dev.scimserverless.local.SecurityEndpoint.REVOKED_A;
import static dev.scimserverless.local.SecurityEndpoint.TOKEN_A;
import static dev.scimserverless.local.SecurityEndpoint.TOKEN_OFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.store.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The security guarantees over real HTTP on the local endpoint (authorizer, handlers, core and a
 * store in one process), for each store adapter: who is let in on which route, tenant isolation,
 * the per-tenant rate limit, the audit trail and the body limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecurityContract {
  static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
  static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  /** Requests per second per tenant of the endpoint under test. */
  static final int RATE_LIMIT = 3;

  SecurityEndpoint open;
  SecurityEndpoint limited;

  abstract SecurityEndpoint start(int rateLimit);

  @BeforeAll
  void startEndpoints() {
    open = start(0);
    limited = start(RATE_LIMIT);
  }

  @AfterAll
  void stopEndpoints() {
    if (open != null) {
      open.close();
    }
    if (limited != null) {
      limited.close();
    }
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String user(String userName) {
    return """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
         "userName":"%s","password":"Secret-Pa55",
         "emails":[{"value":"%s@example.com","type":"work"}],"active":true}
        """
        .formatted(userName, userName);
  }

  static String group(String displayName, String... members) {
    StringBuilder m = new StringBuilder();
    for (String id : members) {
      m.append(m.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
    }
    return """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
         "displayName":"%s","members":[%s]}
        """
        .formatted(displayName, m);
  }

  static String addMember(String userId) {
    return """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
         "Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}
        """
        .formatted(userId);
  }

  static String replaceActive() {
    return """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
         "Operations":[{"op":"replace","path":"active","value":false}]}
        """;
  }

  static void assertError(ScimClient.Response r, int status) {
    assertEquals(status, r.status(), r.text());
    JsonNode body = r.json();
    assertEquals(ERROR, body.path("schemas").path(0).asText(), r.text());
    assertEquals(Integer.toString(status), body.path("status").asText(), r.text());
  }

  static String created(ScimClient.Response r) {
    assertEquals(201, r.status(), r.text());
    return r.json().get("id").asText();
  }

  /** A concrete path of a route: each {@code {param}} replaced by a plausible value. */
  static String concrete(Route route) {
    return route
        .path()
        .replace("{id}", "2819c223-7f76-453a-919d-413861904646")
        .replace("{name}", "User")
        .replace("{uri}", "urn:ietf:params:scim:schemas:core:2.0:User")
        .substring("/scim/v2".length());
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- authentication

  @Test
  void everyRouteAndMethodIs401WithoutAValidBearerToken() {
    Map<String, ScimClient> callers = new LinkedHashMap<>();
    callers.put("no token", open.withAuthorization(null));
    callers.put("wrong token", open.bearer("scim_not_a_token_of_anyone_0123456789"));
    callers.put("revoked token", open.bearer(REVOKED_A));
    callers.put("disabled tenant's token", open.bearer(TOKEN_OFF));
    callers.put(
        "Basic auth (the valid token as password)", open.withAuthorization(basic(ORG_A, TOKEN_A)));
    callers.put("the valid token without scheme", open.withAuthorization(TOKEN_A));
    List<String> failures = new ArrayList<>();
    int checked = 0;
    assertTrue(LocalRoutes.ROUTES.size() >= 9);
    for (Route route : LocalRoutes.ROUTES) {
      String path = concrete(route);
      for (String method : METHODS) {
        String body = method.equals("GET") || method.equals("DELETE") ? null : user("x");
        for (Map.Entry<String, ScimClient> caller : callers.entrySet()) {
          ScimClient.Response r = caller.getValue().send(method, path, body, Map.of());
          checked++;
          if (r.status() != 401
              || !ERROR.equals(r.json().path("schemas").path(0).asText())
              || r.header("WWW-Authenticate") == null
              || r.text().contains("Secret-Pa55")) {
            failures.add(caller.getKey() + ": " + method + " " + path + " -> " + r.status());
          }
        }
        // the same request with a valid token gets past the authorizer
        ScimClient.Response ok = open.orgA().send(method, path, body, Map.of());
        assertNotEquals(401, ok.status(), method + " " + path + ": " + ok.text());
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + checked + ": " + failures);
    assertEquals(LocalRoutes.ROUTES.size() * METHODS.size() * callers.size(), checked);
  }

  @Test
  void revokingATokenOrDisablingItsTenantStopsItAtOnceLocally() {
    String tenant = unique("org-r");
    open.createTenant(tenant);
    String token = open.addToken(tenant, "tok_r1");
    assertEquals(200, open.bearer(token).get("/Users").status());
    open.directory.revokeToken(tenant, "tok_r1");
    assertError(open.bearer(token).get("/Users"), 401);

    String other = open.addToken(tenant, "tok_r2");
    assertEquals(200, open.bearer(other).get("/ServiceProviderConfig").status());
    open.directory.setTenantDisabled(tenant, true);
    assertError(open.bearer(other).get("/ServiceProviderConfig"), 401);
    open.directory.setTenantDisabled(tenant, false);
    assertEquals(200, open.bearer(other).get("/ServiceProviderConfig").status());
  }

  @Test
  void twoActiveTokensRotateWithoutGap() {
    String tenant = unique("org-rot");
    open.createTenant(tenant);
    String old = open.addToken(tenant, "tok_old");
    String id = created(open.bearer(old).post("/Users", user(unique("rot"))));
    String fresh = open.addToken(tenant, "tok_new");
    // both work while the IdP switches
    assertEquals(200, open.bearer(old).get("/Users/" + id).status());
    assertEquals(200, open.bearer(fresh).get("/Users/" + id).status());
    open.directory.revokeToken(tenant, "tok_old");
    assertError(open.bearer(old).get("/Users/" + id), 401);
    assertEquals(200, open.bearer(fresh).get("/Users/" + id).status());
  }

  // ---------------------------------------------------------------- isolation

  @Test
  void tenantsCannotReadPatchReplaceOrDeleteEachOthersUsers() {
    ScimClient a = open.orgA();
    ScimClient b = open.orgB();
    String name = unique("isolated");
    String id = created(a.post("/Users", user(name)));

    assertError(b.get("/Users/" + id), 404);
    assertError(b.patch("/Users/" + id, replaceActive()), 404);
    assertError(b.put("/Users/" + id, user(name)), 404);
    assertError(b.delete("/Users/" + id), 404);
    JsonNode listed = b.get("/Users?filter=" + ScimClient.q("userName eq \"" + name + "\"")).json();
    assertEquals(0, listed.get("totalResults").asInt());
    assertEquals(
        0,
        b.get("/Users?filter=" + ScimClient.q("id eq \"" + id + "\""))
            .json()
            .get("totalResults")
            .asInt());

    ScimClient.Response still = a.get("/Users/" + id);
    assertEquals(200, still.status(), still.text());
    assertTrue(still.json().get("active").asBoolean(), "B's PATCH changed nothing");
    assertEquals(name, still.json().get("userName").asText());
  }

  @Test
  void tenantsCannotReachEachOthersGroups() {
    ScimClient a = open.orgA();
    ScimClient b = open.orgB();
    String groupId = created(a.post("/Groups", group(unique("grp"))));
    assertError(b.get("/Groups/" + groupId), 404);
    assertError(b.patch("/Groups/" + groupId, addMember("x")), 404);
    assertError(b.put("/Groups/" + groupId, group("taken")), 404);
    assertError(b.delete("/Groups/" + groupId), 404);
    assertEquals(200, a.get("/Groups/" + groupId).status());
  }

  @Test
  void aMemberFromAnotherTenantIs400() {
    ScimClient a = open.orgA();
    ScimClient b = open.orgB();
    String userOfA = created(a.post("/Users", user(unique("member"))));

    ScimClient.Response create = b.post("/Groups", group(unique("grp-b"), userOfA));
    assertError(create, 400);
    assertEquals("invalidValue", create.json().path("scimType").asText(), create.text());

    String groupOfB = created(b.post("/Groups", group(unique("grp-b"))));
    ScimClient.Response patch = b.patch("/Groups/" + groupOfB, addMember(userOfA));
    assertError(patch, 400);
    assertEquals("invalidValue", patch.json().path("scimType").asText(), patch.text());
    ScimClient.Response put = b.put("/Groups/" + groupOfB, group(unique("grp-b"), userOfA));
    assertError(put, 400);
    assertEquals("invalidValue", put.json().path("scimType").asText(), put.text());
    assertEquals(0, b.get("/Groups/" + groupOfB).json().path("members").size(), "nothing added");

    // ...while the same member is fine in its own tenant
    String groupOfA = created(a.post("/Groups", group(unique("grp-a"), userOfA)));
    assertEquals(200, a.get("/Groups/" + groupOfA).status());
  }

  @Test
  void bothTenantsMayOwnTheSameUserName() {
    String name = unique("same") + "@example.com";
    String inA = created(open.orgA().post("/Users", user(name)));
    String inB = created(open.orgB().post("/Users", user(name)));
    assertNotEquals(inA, inB);
    // uniqueness still holds within each tenant
    assertError(open.orgA().post("/Users", user(name)), 409);
    assertError(open.orgB().post("/Users", user(name)), 409);
    assertEquals(name, open.orgA().get("/Users/" + inA).json().get("userName").asText());
    assertEquals(name, open.orgB().get("/Users/" + inB).json().get("userName").asText());
  }

  // ---------------------------------------------------------------- rate limit

  @Test
  void aBurstAboveTheRateLimitGets429WithRetryAfter() {
    ScimClient a = limited.orgA();
    ScimClient.Response throttled = null;
    int sent = 0;
    // the bucket holds RATE_LIMIT requests; a burst drains it long before it refills
    while (throttled == null && sent < 200) {
      ScimClient.Response r = a.get("/ServiceProviderConfig");
      sent++;
      if (r.status() == 429) {
        throttled = r;
      } else {
        assertEquals(200, r.status(), r.text());
      }
    }
    assertNotNull(throttled, "no 429 in " + sent + " requests at " + RATE_LIMIT + "/s");
    assertTrue(sent > RATE_LIMIT, "the first " + RATE_LIMIT + " requests are the burst");
    assertError(throttled, 429);
    assertNotNull(throttled.header("Retry-After"), "Retry-After");
    assertTrue(Integer.parseInt(throttled.header("Retry-After")) >= 1);
    // per tenant: another tenant's bucket is untouched
    assertEquals(200, limited.orgB().get("/ServiceProviderConfig").status());
  }

  // ---------------------------------------------------------------- audit, limits

  @Test
  void changesAreAuditedWithTheTokenIdAndNoValues() {
    String tenant = unique("org-audit");
    open.createTenant(tenant);
    String token = open.addToken(tenant, "tok_audit");
    ScimClient c = open.bearer(token);
    Instant before = Instant.now().minusSeconds(5);
    String id = created(c.post("/Users", user(unique("audited"))));
    assertEquals(200, c.patch("/Users/" + id, replaceActive()).status());
    assertEquals(200, c.get("/Users/" + id).status());
    assertEquals(204, c.delete("/Users/" + id).status());

    List<AuditEvent> events = open.auditLog.query(tenant, before, Optional.of(id), 100);
    assertEquals(
        List.of("create", "patch", "delete"), events.stream().map(AuditEvent::operation).toList());
    for (AuditEvent e : events) {
      assertEquals("tok_audit", e.actor());
      assertEquals("User", e.resourceType());
      assertFalse(e.requestId().isEmpty());
    }
    assertTrue(events.get(0).attributes().contains("password"));
    assertEquals(List.of("active"), events.get(1).attributes());
    assertFalse(events.toString().contains("Secret-Pa55"));
    assertTrue(open.auditLog.query(ORG_A, before, Optional.of(id), 10).isEmpty(), "per tenant");
  }

  @Test
  void bodiesOverOneMegabyteAre413() {
    String big =
        user(unique("big"))
            .replace("\"active\":true", "\"nickName\":\"" + "x".repeat(1 << 20) + "\"");
    assertError(open.orgA().post("/Users", big), 413);
  }
}
