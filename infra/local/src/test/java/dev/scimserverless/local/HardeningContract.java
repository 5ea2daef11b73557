package dev.scimserverless.local;

import static dev.scimserverless.local.UsersFlowContract.assertScimError;
import static dev.scimserverless.local.UsersFlowContract.unique;
import static dev.scimserverless.local.UsersFlowContract.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile and odd requests found in review: each gets a correct SCIM answer, never a 500, and never
 * stores what it should not.
 */
abstract class HardeningContract extends EndpointTest {
  private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  @Test
  void idsNoStoreCanHoldAreNotFound() {
    ScimClient c = fixture.orgA();
    String longId = "a".repeat(1100);
    assertScimError(c.get("/Users/" + longId), 404, null);
    assertScimError(c.delete("/Users/" + longId), 404, null);
    assertScimError(c.put("/Users/" + longId, user(unique("x"))), 404, null);
    assertScimError(c.get("/Groups/" + "é".repeat(600)), 404, null);
    JsonNode none =
        c.get("/Groups?filter=" + ScimClient.q("members[value eq \"" + longId + "\"]")).json();
    assertEquals(0, none.path("totalResults").asInt());
  }

  @Test
  void malformedTextAndNumbersAreRefusedNotCorrupted() {
    ScimClient c = fixture.orgA();
    assertScimError(c.post("/Users", "{\"userName\":\"lone\\ud800x\"}"), 400, "invalidSyntax");
    assertScimError(
        c.post("/Users", "{\"userName\":\"a1\"}{\"userName\":\"a2\"}"), 400, "invalidSyntax");
    assertScimError(
        c.post("/Users", "{\"userName\":\"" + unique("n") + "\",\"nickName\":1e999999999}"),
        400,
        "invalidValue");
    ScimClient.Response r =
        c.post(
            "/Users",
            "{\"userName\":\"" + unique("n") + "\",\"externalId\":12345678901234567890.5}");
    assertEquals(201, r.status(), r.text());
    assertEquals("12345678901234567890.5", r.json().path("externalId").asText());
  }

  @Test
  void aResourceLargerThanTheStoreKeepsIsRefused() {
    String big = "x".repeat(500_000);
    assertScimError(
        fixture
            .orgA()
            .post(
                "/Users", "{\"userName\":\"" + unique("big") + "\",\"nickName\":\"" + big + "\"}"),
        400,
        "invalidValue");
  }

  @Test
  void urnQualifiedMembersAreMembersAndChecked() {
    ScimClient c = fixture.orgA();
    assertScimError(
        c.post(
            "/Groups",
            "{\"displayName\":\""
                + unique("urn")
                + "\",\"urn:ietf:params:scim:schemas:core:2.0:Group:members\":[{\"value\":\"not-a-user\"}]}"),
        400,
        "invalidValue");
    String u = c.post("/Users", user(unique("m"))).json().path("id").asText();
    String name = unique("urnok");
    ScimClient.Response g =
        c.post(
            "/Groups",
            "{\"displayName\":\""
                + name
                + "\",\"urn:ietf:params:scim:schemas:core:2.0:Group:members\":[{\"value\":\""
                + u
                + "\"}]}");
    assertEquals(201, g.status(), g.text());
    String gid = g.json().path("id").asText();
    assertEquals(u, c.get("/Groups/" + gid).json().path("members").path(0).path("value").asText());
    JsonNode userGroups = c.get("/Users/" + u).json().path("groups");
    assertEquals(gid, userGroups.path(0).path("value").asText());
    assertEquals(name, userGroups.path(0).path("display").asText());
    // members.value eq is the same test as members[value eq]
    assertEquals(
        1,
        c.get("/Groups?filter=" + ScimClient.q("members.value eq \"" + u + "\""))
            .json()
            .path("totalResults")
            .asInt());
    // users are not filtered by their computed groups: a clear 400, not a silent empty list
    assertScimError(
        c.get("/Users?filter=" + ScimClient.q("groups.value eq \"" + gid + "\"")),
        400,
        "invalidFilter");
  }

  @Test
  void tooManyPatchOperationsAreRefused() {
    ScimClient c = fixture.orgA();
    String id = c.post("/Users", user(unique("ops"))).json().path("id").asText();
    StringBuilder ops = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      ops.append(i == 0 ? "" : ",")
          .append("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t\"}");
    }
    assertScimError(
        c.patch(
            "/Users/" + id, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + ops + "]}"),
        400,
        "tooMany");
  }

  @Test
  void protocolDetails() {
    ScimClient c = fixture.orgA();
    ScimClient.Response notAllowed = c.send("DELETE", "/Users", null, Map.of());
    assertScimError(notAllowed, 405, null);
    assertEquals("GET, POST", notAllowed.header("Allow"));
    assertScimError(c.post("/Bulk", "{}"), 501, null);
    assertScimError(c.get("/Me"), 501, null);
    assertScimError(c.get("/Schemas?filter=" + ScimClient.q("id pr")), 403, null);
    ScimClient.Response huge = c.get("/Users?count=99999999999");
    assertEquals(200, huge.status(), huge.text());
    assertTrue(huge.json().path("itemsPerPage").asInt() <= 200);
    assertTrue(rawGet("/scim/v2/Users/%zz").startsWith("HTTP/1.1 400"));
    assertTrue(rawGet("/scim/v2/Users?filter=%zz").startsWith("HTTP/1.1 400"));
  }

  /** A request no well-behaved client library would send (bad percent-encoding), over a socket. */
  private String rawGet(String target) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", fixture.endpoint.port())) {
      s.getOutputStream()
          .write(
              ("GET "
                      + target
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                      + EndpointFixture.TOKEN_A
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
