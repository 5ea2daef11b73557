package dev.scimserverless.local;

import static dev.scimserverless.local.UsersFlowContract.assertScimError;
import static dev.scimserverless.local.UsersFlowContract.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The user flows of Okta and Microsoft Entra ID, as their provisioning clients send them, on the
 * local endpoint; plus ETags and discovery.
 */
abstract class IdpUserFlowsContract extends EndpointTest {
  static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  private String createEntraUser(ScimClient c, String userName) {
    // Entra ID's create request (Microsoft's SCIM endpoint tutorial)
    ScimClient.Response r =
        c.post(
            "/Users",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
             "userName":"%s","active":true,
             "emails":[{"primary":true,"type":"work","value":"%s"}],
             "meta":{"resourceType":"User"},
             "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},
             "roles":[]}
            """
                .formatted(userName, userName));
    assertEquals(201, r.status(), r.text());
    return r.json().path("id").asText();
  }

  @Test
  void entraUserFlow() {
    ScimClient c = fixture.orgA();
    String userName = unique("entra") + "@contoso.com";
    String id = createEntraUser(c, userName);

    // default dialect: capitalised ops, string booleans, filtered path that does not exist yet
    ScimClient.Response r =
        c.patch(
            "/Users/" + id,
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[
               {"op":"Replace","path":"displayName","value":"Ryan Leenay"},
               {"op":"Add","path":"emails[type eq \\"work\\"].value","value":"ryan@contoso.com"},
               {"op":"Add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0100"},
               {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"mgr-123"},
               {"op":"Replace","path":"active","value":"False"}]}
            """);
    assertEquals(200, r.status(), r.text());
    JsonNode u = r.json();
    assertEquals("Ryan Leenay", u.path("displayName").asText());
    assertFalse(u.path("active").asBoolean());
    assertTrue(u.path("active").isBoolean());
    assertEquals("ryan@contoso.com", u.path("emails").path(0).path("value").asText());
    assertEquals(1, u.path("emails").size());
    assertEquals("+1 555 0100", u.path("phoneNumbers").path(0).path("value").asText());
    assertEquals("mobile", u.path("phoneNumbers").path(0).path("type").asText());
    assertEquals("mgr-123", u.path(ENTERPRISE).path("manager").path("value").asText());
    assertEquals(u.path("meta").path("version").asText(), r.header("ETag"));

    // aadOptscim062020: no-path replace with dotted and URN-qualified keys
    r =
        c.patch(
            "/Users/" + id,
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","value":{
               "name.givenName":"Ryan","name.familyName":"Leenay",
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales",
               "active":true}}]}
            """);
    assertEquals(200, r.status(), r.text());
    u = r.json();
    assertEquals("Ryan", u.path("name").path("givenName").asText());
    assertEquals("Leenay", u.path("name").path("familyName").asText());
    assertEquals("Sales", u.path(ENTERPRISE).path("department").asText());
    assertTrue(u.path("active").asBoolean());
    assertTrue(setOf(u.path("schemas")).contains(ENTERPRISE));

    // Entra's existence check, then disable, then delete
    ScimClient.Response list =
        c.get("/Users?filter=" + ScimClient.q("userName eq \"" + userName + "\""));
    assertEquals(1, list.json().path("totalResults").asInt());
    assertEquals(
        200,
        c.patch(
                "/Users/" + id,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}")
            .status());
    assertFalse(c.get("/Users/" + id).json().path("active").asBoolean());
    assertEquals(204, c.delete("/Users/" + id).status());
  }

  @Test
  void oktaUserFlow() {
    ScimClient c = fixture.orgA();
    String userName = unique("okta") + "@example.com";
    // Okta's create (SCIM 2.0 guide)
    ScimClient.Response r =
        c.post(
            "/Users",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
             "userName":"%s","name":{"givenName":"Test","familyName":"User"},
             "emails":[{"primary":true,"value":"%s","type":"work"}],
             "displayName":"Test User","locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7",
             "groups":[],"password":"1mz050nq","active":true}
            """
                .formatted(userName, userName));
    assertEquals(201, r.status(), r.text());
    String id = r.json().path("id").asText();
    assertTrue(r.json().path("password").isMissingNode(), "password is never returned");

    // Okta looks the user up by userName first
    assertEquals(
        1,
        c.get(
                "/Users?filter="
                    + ScimClient.q("userName eq \"" + userName + "\"")
                    + "&startIndex=1&count=100")
            .json()
            .path("totalResults")
            .asInt());

    // profile update: full-object PUT
    r =
        c.put(
            "/Users/" + id,
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s",
             "userName":"%s","name":{"givenName":"Another","familyName":"User"},
             "emails":[{"primary":true,"value":"%s","type":"work"}],
             "displayName":"Another User","locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7",
             "groups":[],"active":true}
            """
                .formatted(id, userName, userName));
    assertEquals(200, r.status(), r.text());
    assertEquals("Another", r.json().path("name").path("givenName").asText());

    // deactivate and reactivate: no-path replace
    String deactivate =
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";
    r = c.patch("/Users/" + id, deactivate);
    assertEquals(200, r.status(), r.text());
    assertFalse(r.json().path("active").asBoolean());
    r = c.patch("/Users/" + id, deactivate.replace("false", "true"));
    assertTrue(r.json().path("active").asBoolean());
    assertEquals("Another", r.json().path("name").path("givenName").asText());
  }

  @Test
  void staleIfMatchIsPreconditionFailed() {
    ScimClient c = fixture.orgA();
    String id = createEntraUser(c, unique("etag"));
    String v1 = c.get("/Users/" + id).header("ETag");
    String patch =
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"nickName\",\"value\":\"a\"}]}";
    ScimClient.Response ok = c.patch("/Users/" + id, patch, Map.of("If-Match", v1));
    assertEquals(200, ok.status(), ok.text());
    String v2 = ok.header("ETag");
    assertNotEquals(v1, v2);
    assertScimError(
        c.patch("/Users/" + id, patch.replace("\"a\"", "\"b\""), Map.of("If-Match", v1)),
        412,
        null);
    assertScimError(
        c.put("/Users/" + id, "{\"userName\":\"x-" + id + "\"}", Map.of("If-Match", v1)),
        412,
        null);
    assertScimError(c.delete("/Users/" + id, Map.of("If-Match", v1)), 412, null);
    assertEquals("a", c.get("/Users/" + id).json().path("nickName").asText());
    assertEquals(304, c.get("/Users/" + id, Map.of("If-None-Match", v2)).status());
    assertEquals(200, c.get("/Users/" + id, Map.of("If-None-Match", v1)).status());
    assertEquals(204, c.delete("/Users/" + id, Map.of("If-Match", v2)).status());
  }

  @Test
  void patchOnIdIsMutabilityAndMalformedIsInvalidSyntax() {
    ScimClient c = fixture.orgA();
    String id = createEntraUser(c, unique("mut"));
    assertScimError(
        c.patch(
            "/Users/" + id,
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"other\"}]}"),
        400,
        "mutability");
    assertScimError(c.patch("/Users/" + id, "{\"Operations\": [ {\"op\": "), 400, "invalidSyntax");
    assertScimError(
        c.patch(
            "/Users/" + id,
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"noSuchAttribute\",\"value\":1}]}"),
        400,
        "invalidPath");
  }

  @Test
  void discoveryAnswersWithAllThreeSchemas() {
    ScimClient c = fixture.orgA();
    JsonNode schemas = c.get("/Schemas").json();
    Set<String> ids = new HashSet<>();
    schemas.path("Resources").forEach(s -> ids.add(s.path("id").asText()));
    assertTrue(ids.contains("urn:ietf:params:scim:schemas:core:2.0:User"), ids.toString());
    assertTrue(ids.contains("urn:ietf:params:scim:schemas:core:2.0:Group"), ids.toString());
    assertTrue(ids.contains(ENTERPRISE), ids.toString());
    JsonNode user = c.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json();
    assertEquals("User", user.path("name").asText());
    JsonNode spc = c.get("/ServiceProviderConfig").json();
    assertTrue(spc.path("patch").path("supported").asBoolean());
    assertTrue(spc.path("etag").path("supported").asBoolean());
    assertTrue(spc.path("filter").path("maxResults").asInt() > 0);
    assertEquals(
        "oauthbearertoken", spc.path("authenticationSchemes").path(0).path("type").asText());
    JsonNode types = c.get("/ResourceTypes").json();
    assertEquals(2, types.path("totalResults").asInt());
    assertEquals("/Users", c.get("/ResourceTypes/User").json().path("endpoint").asText());
    assertScimError(c.post("/Schemas", "{}"), 405, null);
    assertScimError(c.get("/Schemas/urn:nope"), 404, null);
    assertScimError(fixture.withAuthorization(null).get("/ServiceProviderConfig"), 401, null);
  }

  private static Set<String> setOf(JsonNode array) {
    Set<String> out = new HashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
