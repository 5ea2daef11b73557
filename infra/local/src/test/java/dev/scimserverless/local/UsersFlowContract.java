package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The Users walking skeleton over real HTTP on the local endpoint: authorizer, handler, core and
 * store in one process. Subclasses choose the store adapter.
 */
abstract class UsersFlowContract extends EndpointTest {
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String user(String userName) {
    return """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
         "userName":"%s","externalId":"ext-%s",
         "name":{"givenName":"Barbara","familyName":"Jensen"},
         "emails":[{"value":"%s@example.com","type":"work","primary":true}],
         "active":true}
        """
        .formatted(userName, userName, userName);
  }

  static void assertScimError(ScimClient.Response r, int status, String scimType) {
    assertEquals(status, r.status(), r.text());
    assertTrue(
        r.header("Content-Type").startsWith("application/scim+json"), r.header("Content-Type"));
    JsonNode body = r.json();
    assertEquals(
        "urn:ietf:params:scim:api:messages:2.0:Error", body.path("schemas").path(0).asText());
    assertEquals(Integer.toString(status), body.path("status").asText());
    if (scimType != null) {
      assertEquals(scimType, body.path("scimType").asText());
    }
    assertFalse(body.path("detail").asText().isEmpty());
  }

  @Test
  void createThenGet() {
    ScimClient a = fixture.orgA();
    String name = unique("bjensen");
    ScimClient.Response created = a.post("/Users", user(name));
    assertEquals(201, created.status(), created.text());
    JsonNode body = created.json();
    String id = body.path("id").asText();
    assertFalse(id.isEmpty());
    assertEquals(name, body.path("userName").asText());
    assertEquals("User", body.path("meta").path("resourceType").asText());
    assertEquals(fixture.endpoint.baseUrl() + "/Users/" + id, created.header("Location"));
    assertEquals(body.path("meta").path("location").asText(), created.header("Location"));
    assertEquals(body.path("meta").path("version").asText(), created.header("ETag"));

    ScimClient.Response got = a.get("/Users/" + id);
    assertEquals(200, got.status());
    assertEquals(name, got.json().path("userName").asText());
    assertEquals("Barbara", got.json().path("name").path("givenName").asText());
    assertEquals(created.header("ETag"), got.header("ETag"));
  }

  @Test
  void duplicateUserNameIsConflictCaseInsensitively() {
    ScimClient a = fixture.orgA();
    String name = unique("dup");
    assertEquals(201, a.post("/Users", user(name)).status());
    assertScimError(a.post("/Users", user(name.toUpperCase())), 409, "uniqueness");
  }

  @Test
  void uppercaseUserNameFilterFindsTheUser() {
    ScimClient a = fixture.orgA();
    String name = unique("filter");
    assertEquals(201, a.post("/Users", user(name)).status());
    String filter = "userName eq \"" + name.toUpperCase() + "\"";
    ScimClient.Response list = a.get("/Users?filter=" + ScimClient.q(filter));
    assertEquals(200, list.status(), list.text());
    assertEquals(1, list.json().path("totalResults").asInt());
    assertEquals(name, list.json().path("Resources").path(0).path("userName").asText());
    assertTrue(list.json().path("totalResults").isIntegralNumber());
  }

  @Test
  void filterWithoutMatchIsAnEmptyList() {
    ScimClient.Response list =
        fixture.orgA().get("/Users?filter=" + ScimClient.q("userName eq \"nobody-here\""));
    assertEquals(200, list.status());
    assertEquals(0, list.json().path("totalResults").asInt());
    assertEquals(
        "urn:ietf:params:scim:api:messages:2.0:ListResponse",
        list.json().path("schemas").path(0).asText());
  }

  @Test
  void externalIdAndIdFilters() {
    ScimClient a = fixture.orgA();
    String name = unique("ext");
    String id = a.post("/Users", user(name)).json().path("id").asText();
    ScimClient.Response byExt =
        a.get("/Users?filter=" + ScimClient.q("externalId eq \"ext-" + name + "\""));
    assertEquals(1, byExt.json().path("totalResults").asInt());
    ScimClient.Response byId = a.get("/Users?filter=" + ScimClient.q("id eq \"" + id + "\""));
    assertEquals(1, byId.json().path("totalResults").asInt());
    assertEquals(name, byId.json().path("Resources").path(0).path("userName").asText());
  }

  @Test
  void unknownIdIsNotFound() {
    assertScimError(fixture.orgA().get("/Users/" + UUID.randomUUID()), 404, null);
  }

  @Test
  void unknownRouteIsNotFoundAndWrongMethodIsNotAllowed() {
    assertScimError(fixture.orgA().get("/Nope"), 404, null);
    assertScimError(fixture.orgA().send("DELETE", "/Users", null, Map.of()), 405, null);
  }

  @Test
  void malformedJsonIsInvalidSyntax() {
    assertScimError(fixture.orgA().post("/Users", "{\"userName\": "), 400, "invalidSyntax");
  }

  @Test
  void missingOrWrongTokenIsUnauthorized() {
    assertScimError(fixture.withAuthorization(null).get("/Users"), 401, null);
    assertScimError(fixture.withAuthorization("Bearer wrong-token").get("/Users"), 401, null);
    assertScimError(
        fixture.withAuthorization("Basic dXNlcjpwYXNzd29yZA==").get("/Users"), 401, null);
    assertScimError(fixture.withAuthorization(EndpointFixture.TOKEN_A).get("/Users"), 401, null);
  }

  @Test
  void tenRacingCreatesOfOneUserNameGiveExactlyOneCreated() throws Exception {
    ScimClient a = fixture.orgA();
    String name = unique("race");
    ExecutorService pool = Executors.newFixedThreadPool(10);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return a.post("/Users", user(name)).status();
              }));
    }
    go.countDown();
    int created = 0;
    int conflicts = 0;
    for (Future<Integer> f : results) {
      int status = f.get();
      if (status == 201) {
        created++;
      } else if (status == 409) {
        conflicts++;
      }
    }
    pool.shutdown();
    assertEquals(1, created);
    assertEquals(9, conflicts);
    ScimClient.Response list =
        a.get("/Users?filter=" + ScimClient.q("userName eq \"" + name + "\""));
    assertEquals(1, list.json().path("totalResults").asInt());
  }

  @Test
  void tenantsNeverSeeEachOther() {
    ScimClient a = fixture.orgA();
    ScimClient b = fixture.orgB();
    String name = unique("shared");
    ScimClient.Response inA = a.post("/Users", user(name));
    assertEquals(201, inA.status());
    String idA = inA.json().path("id").asText();
    // the same userName may exist in both organizations
    assertEquals(201, b.post("/Users", user(name)).status());
    assertScimError(b.get("/Users/" + idA), 404, null);
    assertScimError(b.delete("/Users/" + idA), 404, null);
    assertScimError(b.put("/Users/" + idA, user(name)), 404, null);
    ScimClient.Response listB = b.get("/Users?filter=" + ScimClient.q("id eq \"" + idA + "\""));
    assertEquals(0, listB.json().path("totalResults").asInt());
    for (JsonNode u : b.get("/Users?count=200").json().path("Resources")) {
      assertFalse(u.path("id").asText().equals(idA));
    }
    assertEquals(200, a.get("/Users/" + idA).status());
  }

  @Test
  void replaceAndDelete() {
    ScimClient a = fixture.orgA();
    String name = unique("put");
    ScimClient.Response created = a.post("/Users", user(name));
    String id = created.json().path("id").asText();
    String renamed = name + "-renamed";
    ScimClient.Response replaced =
        a.put(
            "/Users/" + id,
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\""
                + id
                + "\",\"userName\":\""
                + renamed
                + "\",\"active\":false}");
    assertEquals(200, replaced.status(), replaced.text());
    assertEquals(renamed, replaced.json().path("userName").asText());
    assertFalse(replaced.json().path("active").asBoolean());
    assertTrue(replaced.json().path("emails").isMissingNode(), "PUT replaces: emails gone");
    assertFalse(created.header("ETag").equals(replaced.header("ETag")));
    // the old userName is free again, the new one is taken
    assertEquals(201, a.post("/Users", user(name)).status());
    assertScimError(a.post("/Users", user(renamed)), 409, "uniqueness");
    assertEquals(204, a.delete("/Users/" + id).status());
    assertScimError(a.get("/Users/" + id), 404, null);
    assertScimError(a.delete("/Users/" + id), 404, null);
  }

  @Test
  void listPagesWithIntegersAndStableOrder() {
    ScimClient b = fixture.orgB();
    for (int i = 0; i < 5; i++) {
      assertEquals(201, b.post("/Users", user(unique("page"))).status());
    }
    JsonNode all = b.get("/Users?startIndex=1&count=200").json();
    int total = all.path("totalResults").asInt();
    assertTrue(total >= 5);
    List<String> ids = new ArrayList<>();
    for (int start = 1; start <= total; start += 2) {
      JsonNode page = b.get("/Users?startIndex=" + start + "&count=2").json();
      assertTrue(page.path("startIndex").isIntegralNumber());
      assertTrue(page.path("itemsPerPage").isIntegralNumber());
      assertEquals(total, page.path("totalResults").asInt());
      assertEquals(start, page.path("startIndex").asInt());
      page.path("Resources").forEach(r -> ids.add(r.path("id").asText()));
    }
    assertEquals(total, ids.size());
    assertEquals(total, ids.stream().distinct().count());
    assertNotNull(all.path("Resources").path(0).path("meta").path("location").asText(null));
  }
}
