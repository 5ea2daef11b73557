package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.admin.AdminApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Admin API through HTTP on the local endpoint, on either store: enable SCIM for an
 * organization, provision with its token, find a failed IdP call in the provisioning log by the
 * response's X-Request-Id, rotate and revoke tokens, disable the tenant; and the two token kinds
 * never cross.
 */
abstract class AdminApiContract {
  static final String USER =
      "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
          + "\"userName\":\"bjensen@example.com\",\"active\":true}";

  abstract LocalEndpoint start() throws Exception;

  LocalEndpoint endpoint;
  ScimClient admin;
  String tenant;

  @BeforeEach
  void setUp() throws Exception {
    endpoint = start();
    admin = ScimClient.bearer(endpoint.adminUrl(), endpoint.adminToken());
    tenant = "acme-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    endpoint.close();
  }

  private ScimClient scim(String token) {
    return ScimClient.bearer(endpoint.baseUrl(), token);
  }

  private JsonNode createTenant() {
    ScimClient.Response created =
        admin.post("/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Acme Corp\"}");
    assertEquals(201, created.status(), created.text());
    assertEquals("application/json", created.header("Content-Type"));
    assertEquals(AdminApi.BASE_PATH + "/tenants/" + tenant, created.header("Location"));
    return created.json();
  }

  /** The provisioning log is written off the request path: wait (bounded) for an entry. */
  private JsonNode findRequest(String query, String requestId) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      ScimClient.Response page = admin.get("/tenants/" + tenant + "/requests" + query);
      assertEquals(200, page.status(), page.text());
      for (JsonNode r : page.json().path("requests")) {
        if (r.path("requestId").asText().equals(requestId)) {
          return r;
        }
      }
      Thread.sleep(50);
    }
    return null;
  }

  @Test
  void enableScimProvisionFindTheFailureRotateAndDisable() throws Exception {
    JsonNode created = createTenant();
    assertEquals(tenant, created.path("id").asText());
    assertEquals("Acme Corp", created.path("name").asText());
    assertEquals(endpoint.baseUrl(), created.path("scimBaseUrl").asText());
    String firstId = created.path("token").path("id").asText();
    String first = created.path("token").path("value").asText();
    assertTrue(first.startsWith("scim_"), first);

    ScimClient idp = scim(first);
    ScimClient.Response user = idp.post("/Users", USER);
    assertEquals(201, user.status(), user.text());
    assertNotNull(user.header("X-Request-Id"));
    ScimClient.Response duplicate = idp.post("/Users", USER);
    assertEquals(409, duplicate.status(), duplicate.text());
    String requestId = duplicate.header("X-Request-Id");
    assertNotNull(requestId, "every SCIM response names its request");

    JsonNode failure = findRequest("?outcome=error", requestId);
    assertNotNull(failure, "the 409 is in the provisioning log under its X-Request-Id");
    assertEquals(409, failure.path("status").asInt());
    assertEquals("uniqueness", failure.path("scimType").asText());
    assertEquals(duplicate.json().path("detail").asText(), failure.path("detail").asText());
    assertEquals("POST", failure.path("method").asText());
    assertEquals("/scim/v2/Users", failure.path("route").asText());
    assertEquals(firstId, failure.path("tokenId").asText());
    assertEquals("error", failure.path("outcome").asText());
    assertFalse(failure.toString().contains("bjensen@example.com\",\"active"), "never a body");
    assertNotNull(
        findRequest("?outcome=success", user.header("X-Request-Id")), "successes are kept too");

    JsonNode details = admin.get("/tenants/" + tenant).json();
    assertEquals(1, details.path("counts").path("users").asLong());
    assertEquals(1, details.path("counts").path("activeUsers").asLong());
    assertEquals(0, details.path("counts").path("groups").asLong());
    assertFalse(details.path("lastRequestAt").isNull(), details.toString());

    // rotation: a second token, both work, then the old one revoked
    ScimClient.Response issued = admin.post("/tenants/" + tenant + "/tokens", null);
    assertEquals(201, issued.status(), issued.text());
    String second = issued.json().path("value").asText();
    assertEquals(200, scim(first).get("/Users").status());
    assertEquals(200, scim(second).get("/Users").status());
    ScimClient.Response third = admin.post("/tenants/" + tenant + "/tokens", null);
    assertEquals(409, third.status(), "two active tokens at most");
    assertEquals("application/problem+json", third.header("Content-Type"));
    assertEquals(204, admin.delete("/tenants/" + tenant + "/tokens/" + firstId).status());
    assertEquals(401, scim(first).get("/Users").status());
    assertEquals(200, scim(second).get("/Users").status());
    JsonNode tokens = admin.get("/tenants/" + tenant + "/tokens").json().path("tokens");
    assertEquals(2, tokens.size());
    assertFalse(tokens.toString().contains(second), "never a token value");
    assertFalse(tokens.toString().contains("hash"), "never a hash");

    // disable: the tenant's tokens are refused; enable: they work again
    ScimClient.Response disabled = admin.patch("/tenants/" + tenant, "{\"disabled\":true}");
    assertEquals(200, disabled.status(), disabled.text());
    assertTrue(disabled.json().path("disabled").asBoolean());
    assertEquals(401, scim(second).get("/Users").status());
    assertEquals(200, admin.patch("/tenants/" + tenant, "{\"disabled\":false}").status());
    assertEquals(200, scim(second).get("/Users").status());

    List<String> operations = new ArrayList<>();
    admin
        .get("/tenants/" + tenant + "/audit")
        .json()
        .path("events")
        .forEach(
            e -> {
              if (e.path("actor").asText().startsWith("admin:")) {
                operations.add(e.path("operation").asText());
              }
            });
    assertEquals(
        List.of(
            "tenant.create",
            "token.create",
            "token.create",
            "token.revoke",
            "tenant.disable",
            "tenant.enable"),
        operations,
        "every mutation is audited with the admin actor");
  }

  @Test
  void theTwoKindsOfTokenNeverCross() {
    String token = createTenant().path("token").path("value").asText();
    assertEquals(401, scim(endpoint.adminToken()).get("/Users").status(), "admin token on SCIM");
    ScimClient.Response tenantOnAdmin =
        ScimClient.bearer(endpoint.adminUrl(), token).get("/tenants");
    assertEquals(401, tenantOnAdmin.status(), "tenant token on the Admin API");
    assertEquals("application/problem+json", tenantOnAdmin.header("Content-Type"));
    assertEquals(401, new ScimClient(endpoint.adminUrl(), null).get("/tenants").status());
    assertEquals(200, admin.get("/tenants").status());
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndNothingIsHalfCreated() {
    Map<String, String> cases =
        Map.of(
            "{\"id\":\"Not Valid!\"}", "id",
            "{\"name\":\"no id\"}", "id",
            "{\"id\":\"ok-id\",\"name\":\"\"}", "name",
            "{\"id\":\"ok-id\",\"colour\":\"blue\"}", "colour",
            "not json", "body");
    cases.forEach(
        (body, field) -> {
          ScimClient.Response r = admin.post("/tenants", body);
          assertEquals(400, r.status(), body + " -> " + r.text());
          assertEquals("application/problem+json", r.header("Content-Type"));
          JsonNode p = r.json();
          assertEquals(field, p.path("field").asText(), body);
          assertEquals(400, p.path("status").asInt());
          assertFalse(p.path("title").asText().isEmpty());
          assertFalse(p.path("detail").asText().contains("Jackson"), p.toString());
        });
    assertEquals(404, admin.get("/tenants/ok-id").status(), "nothing half-created");
    createTenant();
    ScimClient.Response again = admin.post("/tenants", "{\"id\":\"" + tenant + "\"}");
    assertEquals(409, again.status(), again.text());
    assertEquals(404, admin.get("/tenants/nobody-here").status());
    assertEquals(404, admin.post("/tenants/nobody-here/tokens", null).status());
    assertEquals(404, admin.get("/tenants/nobody-here/requests").status());
    assertEquals(
        400,
        admin.patch("/tenants/" + tenant, "{\"disabled\":\"yes\"}").json().path("status").asInt());
    assertEquals(
        "status",
        admin.get("/tenants/" + tenant + "/requests?status=abc").json().path("field").asText());
    assertEquals(
        "outcome",
        admin.get("/tenants/" + tenant + "/requests?outcome=maybe").json().path("field").asText());
    assertEquals(404, admin.delete("/tenants/" + tenant + "/tokens/tok_0000").status());
    ScimClient.Response wrongMethod = admin.put("/tenants/" + tenant, "{}");
    assertEquals(405, wrongMethod.status());
    assertTrue(wrongMethod.header("Allow").contains("PATCH"), wrongMethod.header("Allow"));
    assertEquals(404, admin.get("/nothing").status());
  }

  @Test
  void theDirectoryIsReadableButNeverWritable() {
    String token = createTenant().path("token").path("value").asText();
    ScimClient idp = scim(token);
    String userId = idp.post("/Users", USER).json().path("id").asText();
    ScimClient.Response group =
        idp.post(
            "/Groups",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Engineering\",\"members\":[{\"value\":\""
                + userId
                + "\"}]}");
    assertEquals(201, group.status(), group.text());
    String groupId = group.json().path("id").asText();

    ScimClient.Response users =
        admin.get(
            "/tenants/" + tenant + "/users?filter=" + ScimClient.q("userName sw \"bjensen\""));
    assertEquals(200, users.status(), users.text());
    assertEquals(1, users.json().path("totalResults").asInt());
    JsonNode user = admin.get("/tenants/" + tenant + "/users/" + userId).json();
    assertEquals("Engineering", user.path("groups").path(0).path("display").asText());
    JsonNode groups = admin.get("/tenants/" + tenant + "/groups").json();
    assertEquals(1, groups.path("totalResults").asInt());
    assertFalse(groups.path("Resources").path(0).has("members"), "members are paged apart");
    JsonNode members = admin.get("/tenants/" + tenant + "/groups/" + groupId + "/members").json();
    assertEquals(userId, members.path("members").path(0).path("value").asText());
    assertEquals("bjensen@example.com", members.path("members").path(0).path("userName").asText());
    assertTrue(members.path("next").isNull());
    assertEquals(404, admin.get("/tenants/" + tenant + "/groups/nope/members").status());
    assertEquals(405, admin.delete("/tenants/" + tenant + "/users/" + userId).status());
    assertEquals(200, idp.get("/Users/" + userId).status(), "still there");
  }

  @Test
  void ignoredAttributesAreNamedInTheLogNeverTheirValues() throws Exception {
    String token = createTenant().path("token").path("value").asText();
    ScimClient.Response r =
        scim(token)
            .post(
                "/Users",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"mapped@example.com\",\"costCentre\":\"secret-42\"}");
    assertEquals(201, r.status(), r.text());
    JsonNode logged = findRequest("?outcome=success", r.header("X-Request-Id"));
    assertNotNull(logged);
    assertEquals("costCentre", logged.path("unknownAttributes").path(0).asText());
    assertFalse(logged.toString().contains("secret-42"), "never a value");
  }

  @Test
  void theEventsPollFeedGivesTheCommittedChangesOnceInOrder() {
    String token = createTenant().path("token").path("value").asText();
    ScimClient idp = scim(token);
    String userId = idp.post("/Users", USER).json().path("id").asText();
    assertEquals(409, idp.post("/Users", USER).status(), "refused: no event");
    idp.patch(
        "/Users/" + userId,
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
    JsonNode first = admin.get("/tenants/" + tenant + "/events?limit=1").json();
    assertEquals("user.created", first.path("events").path(0).path("type").asText());
    assertEquals(userId, first.path("events").path(0).path("resource").path("id").asText());
    String next = first.path("next").asText();
    JsonNode rest = admin.get("/tenants/" + tenant + "/events?after=" + ScimClient.q(next)).json();
    List<String> types = new ArrayList<>();
    rest.path("events").forEach(e -> types.add(e.path("type").asText()));
    assertEquals(List.of("user.deactivated"), types);
    JsonNode none =
        admin
            .get("/tenants/" + tenant + "/events?after=" + ScimClient.q(rest.path("next").asText()))
            .json();
    assertEquals(0, none.path("events").size());
    assertEquals(rest.path("next").asText(), none.path("next").asText(), "poll again from there");
  }

  @Test
  void theOpenApiDocumentIsServed() {
    ScimClient.Response doc = admin.get("/openapi.json");
    assertEquals(200, doc.status());
    assertEquals("3.1.0", doc.json().path("openapi").asText());
    for (AdminApi.Route r : AdminApi.ROUTES) {
      assertTrue(
          doc.json().path("paths").path(r.template()).has(r.method().toLowerCase()), r.toString());
    }
  }
}
