package dev.scimserverless.local;

import static dev.scimserverless.local.ScimClient.q;
import static dev.scimserverless.local.UsersFlowContract.assertScimError;
import static dev.scimserverless.local.UsersFlowContract.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operator-declared extension schemas ({@code --schema-extension}) end to end: the example {@code
 * acme} User extension (costCenter, level with canonical values, projects, badgeId unique) and a
 * Group extension, through discovery, POST, GET, PUT, PATCH in Okta's and Entra ID's forms,
 * filters, sorting, projection and the uniqueness of badgeId.
 */
abstract class SchemaExtensionContract extends EndpointTest {
  static final String ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
  static final String ACME_GROUP = "urn:ietf:params:scim:schemas:extension:acme:2.0:Group";
  static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  /** The settings of an endpoint started as {@code --schema-extension acme-user.json ...}. */
  static LocalEndpoint.Settings acmeSettings() {
    LocalOptions options =
        LocalOptions.parse(
            List.of(
                "--schema-extension",
                "src/test/resources/schema-extensions/acme-user.json",
                "--schema-extension",
                "src/test/resources/schema-extensions/acme-group.json"));
    return LocalEndpoint.Settings.defaults().withSchemas(options.schemas());
  }

  private String create(ScimClient c, String userName, String acme) {
    ScimClient.Response r =
        c.post(
            "/Users",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],
             "userName":"%s","%s":%s}
            """
                .formatted(ACME, userName, ACME, acme));
    assertEquals(201, r.status(), r.text());
    return r.json().path("id").asText();
  }

  @Test
  void discoveryListsTheExtensions() {
    ScimClient c = fixture.orgA();
    JsonNode schema = c.get("/Schemas/" + ACME).json();
    assertEquals(ACME, schema.path("id").asText());
    List<String> names = new ArrayList<>();
    schema.path("attributes").forEach(a -> names.add(a.path("name").asText()));
    assertEquals(List.of("costCenter", "level", "projects", "badgeId"), names);
    assertEquals("server", schema.path("attributes").path(3).path("uniqueness").asText());
    assertEquals("1", schema.path("attributes").path(1).path("canonicalValues").path(0).asText());
    assertFalse(schema.has("extends"), "our placement fields are not part of the schema");

    boolean listed = false;
    for (JsonNode s : c.get("/Schemas").json().path("Resources")) {
      listed |= s.path("id").asText().equals(ACME);
    }
    assertTrue(listed, "listed in /Schemas");

    JsonNode user = c.get("/ResourceTypes/User").json();
    assertEquals(ACME, user.path("schemaExtensions").path(1).path("schema").asText());
    assertFalse(user.path("schemaExtensions").path(1).path("required").asBoolean(true));
    JsonNode group = c.get("/ResourceTypes/Group").json();
    assertEquals(ACME_GROUP, group.path("schemaExtensions").path(0).path("schema").asText());
  }

  @Test
  void createGetAndPutKeepTheExtension() {
    ScimClient c = fixture.orgA();
    String userName = unique("acme");
    String id =
        create(
            c,
            userName,
            """
            {"costCenter":"CC-100","level":"3","projects":"apollo","badgeId":"%s"}
            """
                .formatted(unique("badge")));
    JsonNode u = c.get("/Users/" + id).json();
    JsonNode acme = u.path(ACME);
    assertEquals("CC-100", acme.path("costCenter").asText());
    assertEquals(3, acme.path("level").asInt());
    assertTrue(acme.path("level").isInt(), "a numeric string is stored as an integer");
    assertEquals(Json.parse("[\"apollo\"]"), acme.path("projects"));
    assertTrue(u.path("schemas").toString().contains(ACME));

    // PUT with the URN-qualified top-level form replaces the extension
    ScimClient.Response r =
        c.put(
            "/Users/" + id,
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
             "%s:costCenter":"CC-200","%s:projects":["gemini","mercury"]}
            """
                .formatted(userName, ACME, ACME));
    assertEquals(200, r.status(), r.text());
    acme = r.json().path(ACME);
    assertEquals("CC-200", acme.path("costCenter").asText());
    assertFalse(acme.has("level"), "PUT replaces: level was left out");
    assertFalse(acme.has("badgeId"));
    assertEquals(2, acme.path("projects").size());
  }

  @Test
  void oktaAndEntraPatchForms() {
    ScimClient c = fixture.orgA();
    String id = create(c, unique("patch"), "{\"costCenter\":\"CC-1\"}");

    // Okta: replace with the extension object keyed by its URN (the RFC's form)
    ScimClient.Response r =
        c.patch(
            "/Users/" + id,
            """
            {"schemas":["%s"],"Operations":[{"op":"replace","value":{
              "%s":{"costCenter":"CC-2","level":2}}}]}
            """
                .formatted(PATCH_OP, ACME));
    assertEquals(200, r.status(), r.text());
    assertEquals("CC-2", r.json().path(ACME).path("costCenter").asText());
    assertEquals(2, r.json().path(ACME).path("level").asInt());

    // Entra ID: attribute paths with the URN, capitalised ops
    r =
        c.patch(
            "/Users/" + id,
            """
            {"schemas":["%s"],"Operations":[
              {"op":"Replace","path":"%s:costCenter","value":"CC-3"},
              {"op":"Add","path":"%s:projects","value":["apollo","gemini"]},
              {"op":"Add","path":"%s:level","value":"4"}]}
            """
                .formatted(PATCH_OP, ACME, ACME, ACME));
    assertEquals(200, r.status(), r.text());
    JsonNode acme = r.json().path(ACME);
    assertEquals("CC-3", acme.path("costCenter").asText());
    assertEquals(4, acme.path("level").asInt());
    assertEquals(2, acme.path("projects").size());

    // Entra ID aadOptscim062020: no-path replace with URN-qualified keys
    r =
        c.patch(
            "/Users/" + id,
            """
            {"schemas":["%s"],"Operations":[{"op":"replace","value":{
              "%s:costCenter":"CC-4","%s:level":5}}]}
            """
                .formatted(PATCH_OP, ACME, ACME));
    assertEquals(200, r.status(), r.text());
    assertEquals("CC-4", r.json().path(ACME).path("costCenter").asText());
    assertEquals(5, r.json().path(ACME).path("level").asInt());

    // replace the multi-valued projects, remove costCenter by path
    r =
        c.patch(
            "/Users/" + id,
            """
            {"schemas":["%s"],"Operations":[
              {"op":"replace","path":"%s:projects","value":["gemini"]},
              {"op":"remove","path":"%s:costCenter"}]}
            """
                .formatted(PATCH_OP, ACME, ACME));
    assertEquals(200, r.status(), r.text());
    assertEquals(Json.parse("[\"gemini\"]"), r.json().path(ACME).path("projects"));
    assertFalse(r.json().path(ACME).has("costCenter"));
  }

  @Test
  void typeAndCanonicalValuesAreEnforced() {
    ScimClient c = fixture.orgA();
    ScimClient.Response r =
        c.post(
            "/Users",
            """
            {"userName":"%s","%s":{"level":7}}
            """
                .formatted(unique("bad"), ACME));
    assertScimError(r, 400, "invalidValue");
    assertTrue(r.json().path("detail").asText().contains(ACME + ":level"), r.text());

    r =
        c.post(
            "/Users",
            """
            {"userName":"%s","%s":{"level":"high"}}
            """
                .formatted(unique("bad"), ACME));
    assertScimError(r, 400, "invalidValue");
    assertTrue(r.json().path("detail").asText().contains(ACME + ":level"), r.text());

    String id = create(c, unique("bad"), "{\"level\":1}");
    r =
        c.patch(
            "/Users/" + id,
            """
            {"schemas":["%s"],"Operations":[{"op":"replace","path":"%s:level","value":9}]}
            """
                .formatted(PATCH_OP, ACME));
    assertScimError(r, 400, "invalidValue");
    assertEquals(1, c.get("/Users/" + id).json().path(ACME).path("level").asInt());
  }

  @Test
  void badgeIdIsUnique() {
    ScimClient c = fixture.orgA();
    String badge = unique("B");
    String first = create(c, unique("u1"), "{\"badgeId\":\"" + badge + "\"}");
    ScimClient.Response r =
        c.post(
            "/Users",
            """
            {"userName":"%s","%s":{"badgeId":"%s"}}
            """
                .formatted(unique("u2"), ACME, badge.toLowerCase()));
    assertScimError(r, 409, "uniqueness");
    assertTrue(r.json().path("detail").asText().contains("badgeId"), r.text());

    // another tenant may use the same badge
    r =
        fixture
            .orgB()
            .post(
                "/Users",
                """
                {"userName":"%s","%s":{"badgeId":"%s"}}
                """
                    .formatted(unique("u3"), ACME, badge));
    assertEquals(201, r.status(), r.text());

    // PATCH onto a taken badge is 409; freeing it lets another user take it
    String second = create(c, unique("u4"), "{\"badgeId\":\"" + unique("B") + "\"}");
    r =
        c.patch(
            "/Users/" + second,
            """
            {"schemas":["%s"],"Operations":[{"op":"replace","path":"%s:badgeId","value":"%s"}]}
            """
                .formatted(PATCH_OP, ACME, badge));
    assertScimError(r, 409, "uniqueness");
    r =
        c.patch(
            "/Users/" + first,
            """
            {"schemas":["%s"],"Operations":[{"op":"remove","path":"%s:badgeId"}]}
            """
                .formatted(PATCH_OP, ACME));
    assertEquals(200, r.status(), r.text());
    r =
        c.patch(
            "/Users/" + second,
            """
            {"schemas":["%s"],"Operations":[{"op":"replace","path":"%s:badgeId","value":"%s"}]}
            """
                .formatted(PATCH_OP, ACME, badge));
    assertEquals(200, r.status(), r.text());

    // deleting the holder frees the badge
    assertEquals(204, c.delete("/Users/" + second).status());
    create(c, unique("u5"), "{\"badgeId\":\"" + badge + "\"}");
  }

  @Test
  void filterSortAndProjection() {
    ScimClient c = fixture.orgA();
    String cc = unique("CC");
    String a = create(c, unique("f"), "{\"costCenter\":\"" + cc + "\",\"level\":3}");
    String b = create(c, unique("f"), "{\"costCenter\":\"" + cc + "\",\"level\":1}");
    String d =
        create(c, unique("f"), "{\"costCenter\":\"" + cc + "\",\"level\":2,\"projects\":[\"x1\"]}");
    create(c, unique("f"), "{\"costCenter\":\"other\",\"level\":2}");

    String filter = ACME + ":costCenter eq \"" + cc + "\"";
    ScimClient.Response r =
        c.get("/Users?filter=" + q(filter) + "&sortBy=" + q(ACME + ":level") + "&count=10");
    assertEquals(200, r.status(), r.text());
    assertEquals(3, r.json().path("totalResults").asInt(), r.text());
    List<String> ids = new ArrayList<>();
    r.json().path("Resources").forEach(u -> ids.add(u.path("id").asText()));
    assertEquals(List.of(b, d, a), ids);

    r =
        c.get(
            "/Users?filter="
                + q(filter + " and " + ACME + ":level gt 1")
                + "&sortBy="
                + q(ACME + ":level")
                + "&sortOrder=descending");
    ids.clear();
    r.json().path("Resources").forEach(u -> ids.add(u.path("id").asText()));
    assertEquals(List.of(a, d), ids, r.text());

    r = c.get("/Users?filter=" + q(ACME + ":projects eq \"x1\""));
    assertEquals(1, r.json().path("totalResults").asInt(), r.text());
    assertEquals(d, r.json().path("Resources").path(0).path("id").asText());

    // attributes / excludedAttributes
    JsonNode only = c.get("/Users/" + a + "?attributes=" + q(ACME + ":level")).json();
    assertEquals(3, only.path(ACME).path("level").asInt(), only.toString());
    assertFalse(only.path(ACME).has("costCenter"));
    assertFalse(only.has("userName"));
    JsonNode without = c.get("/Users/" + a + "?excludedAttributes=" + q(ACME)).json();
    assertFalse(without.has(ACME), without.toString());
    assertTrue(without.has("userName"));
  }

  @Test
  void groupExtension() {
    ScimClient c = fixture.orgA();
    ScimClient.Response r =
        c.post(
            "/Groups",
            """
            {"displayName":"%s","%s:budgetOwner":"alice"}
            """
                .formatted(unique("g"), ACME_GROUP));
    assertEquals(201, r.status(), r.text());
    assertEquals("alice", r.json().path(ACME_GROUP).path("budgetOwner").asText(), r.text());
  }

  @Test
  void entraAppRoles() {
    ScimClient c = fixture.orgA();
    String id = create(c, unique("roles"), "{\"costCenter\":\"CC-1\"}");
    // SingleAppRoleAssignment([appRoleAssignments]) -> roles[primary eq "True"].value
    ScimClient.Response r =
        c.patch(
            "/Users/" + id,
            """
            {"schemas":["%s"],"Operations":[
              {"op":"Add","path":"roles[primary eq \\"True\\"].value","value":"Admin"}]}
            """
                .formatted(PATCH_OP));
    assertEquals(200, r.status(), r.text());
    assertEquals(Json.parse("[{\"value\":\"Admin\",\"primary\":true}]"), r.json().path("roles"));
    // AppRoleAssignmentsComplex([appRoleAssignments]) -> roles, values as JSON text
    r =
        c.patch(
            "/Users/" + id,
            """
            {"schemas":["%s"],"Operations":[{"op":"Replace","path":"roles","value":[
              {"primary":false,"type":"WindowsAzureActiveDirectoryRole",
               "value":"{\\"id\\":\\"06b07648-ecfe-589f-9d2f-6325724a46ee\\",\\"value\\":\\"Reader\\",\\"displayName\\":\\"Reader role\\"}"}]}]}
            """
                .formatted(PATCH_OP));
    assertEquals(200, r.status(), r.text());
    JsonNode role = c.get("/Users/" + id).json().path("roles").path(0);
    assertEquals("Reader", role.path("value").asText(), role.toString());
    assertEquals("Reader role", role.path("display").asText());
    assertEquals("WindowsAzureActiveDirectoryRole", role.path("type").asText());
    ScimClient.Response found = c.get("/Users?filter=" + q("roles.value eq \"Reader\""));
    assertEquals(200, found.status(), found.text());
    boolean listed = false;
    for (JsonNode u : found.json().path("Resources")) {
      listed |= u.path("id").asText().equals(id);
    }
    assertTrue(listed, found.text());
  }
}
