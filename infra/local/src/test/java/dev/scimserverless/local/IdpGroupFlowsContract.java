package dev.scimserverless.local;

import static dev.scimserverless.local.UsersFlowContract.assertScimError;
import static dev.scimserverless.local.UsersFlowContract.unique;
import static dev.scimserverless.local.UsersFlowContract.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The group flows of Okta and Microsoft Entra ID on the local endpoint. */
abstract class IdpGroupFlowsContract extends EndpointTest {
  static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  private static String newUser(ScimClient c) {
    ScimClient.Response r = c.post("/Users", user(unique("member")));
    assertEquals(201, r.status(), r.text());
    return r.json().path("id").asText();
  }

  private static String patch(String operations) {
    return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + operations + "]}";
  }

  private static Set<String> memberIds(ScimClient c, String groupId) {
    ScimClient.Response r = c.get("/Groups/" + groupId);
    assertEquals(200, r.status(), r.text());
    Set<String> ids = new TreeSet<>();
    r.json().path("members").forEach(m -> ids.add(m.path("value").asText()));
    return ids;
  }

  @Test
  void oktaGroupFlow() {
    ScimClient c = fixture.orgA();
    String u1 = newUser(c);
    String u2 = newUser(c);
    String name = unique("Okta Group");
    ScimClient.Response created =
        c.post(
            "/Groups",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
                + name
                + "\",\"members\":[]}");
    assertEquals(201, created.status(), created.text());
    String g = created.json().path("id").asText();
    assertScimError(
        c.post("/Groups", "{\"displayName\":\"" + name.toUpperCase() + "\"}"), 409, "uniqueness");

    // rename: replace with id inside the value (Okta)
    ScimClient.Response r =
        c.patch(
            "/Groups/" + g,
            patch(
                "{\"op\":\"replace\",\"value\":{\"id\":\""
                    + g
                    + "\",\"displayName\":\""
                    + name
                    + " renamed\"}}"));
    assertTrue(r.status() == 204 || r.status() == 200, r.text());
    assertEquals(name + " renamed", c.get("/Groups/" + g).json().path("displayName").asText());

    // add members, then remove one by filter
    r =
        c.patch(
            "/Groups/" + g,
            patch(
                "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + u1
                    + "\",\"display\":\"a\"},{\"value\":\""
                    + u2
                    + "\",\"display\":\"b\"}]}"));
    assertEquals(204, r.status(), r.text());
    assertEquals(new TreeSet<>(List.of(u1, u2)), memberIds(c, g));
    r =
        c.patch(
            "/Groups/" + g,
            patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u1 + "\\\"]\"}"));
    assertEquals(204, r.status(), r.text());
    assertEquals(Set.of(u2), memberIds(c, g));
    // idempotent: removing a non-member and re-adding a member change nothing
    assertEquals(
        204,
        c.patch(
                "/Groups/" + g,
                patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u1 + "\\\"]\"}"))
            .status());
    assertEquals(
        204,
        c.patch(
                "/Groups/" + g,
                patch(
                    "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u2 + "\"}]}"))
            .status());
    assertEquals(Set.of(u2), memberIds(c, g));

    // the user sees its group
    JsonNode user = c.get("/Users/" + u2).json();
    assertEquals(g, user.path("groups").path(0).path("value").asText());

    // a member that is no user of this organization: 400, nothing applied
    String foreign =
        fixture.orgB().post("/Users", user(unique("foreign"))).json().path("id").asText();
    assertScimError(
        c.patch(
            "/Groups/" + g,
            patch(
                "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + u1
                    + "\"},{\"value\":\""
                    + foreign
                    + "\"}]}")),
        400,
        "invalidValue");
    assertEquals(Set.of(u2), memberIds(c, g));

    assertEquals(204, c.delete("/Groups/" + g).status());
    assertScimError(c.get("/Groups/" + g), 404, null);
    assertTrue(c.get("/Users/" + u2).json().path("groups").isMissingNode());
  }

  @Test
  void entraGroupFlow() {
    ScimClient c = fixture.orgA();
    String u1 = newUser(c);
    String u2 = newUser(c);
    String u3 = newUser(c);
    String name = unique("Entra Group");
    ScimClient.Response created =
        c.post(
            "/Groups",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
              "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
             "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"%s",
             "meta":{"resourceType":"Group"}}
            """
                .formatted(name));
    assertEquals(201, created.status(), created.text());
    String g = created.json().path("id").asText();

    // Entra's lookups
    JsonNode byName =
        c.get(
                "/Groups?excludedAttributes=members&filter="
                    + ScimClient.q("displayName eq \"" + name + "\""))
            .json();
    assertEquals(1, byName.path("totalResults").asInt());
    assertTrue(byName.path("Resources").path(0).path("members").isMissingNode());

    // Add members (capitalised op), Remove by value array
    assertEquals(
        204,
        c.patch(
                "/Groups/" + g,
                patch(
                    "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\""
                        + u1
                        + "\"},{\"value\":\""
                        + u2
                        + "\"},{\"value\":\""
                        + u3
                        + "\"}]}"))
            .status());
    assertEquals(
        204,
        c.patch(
                "/Groups/" + g,
                patch(
                    "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\""
                        + u1
                        + "\"}]}"))
            .status());
    assertEquals(new TreeSet<>(List.of(u2, u3)), memberIds(c, g));

    // membership test filter
    String isMember = "id eq \"" + g + "\" and members[value eq \"" + u2 + "\"]";
    JsonNode hit =
        c.get("/Groups?excludedAttributes=members&filter=" + ScimClient.q(isMember)).json();
    assertEquals(1, hit.path("totalResults").asInt());
    String notMember = "id eq \"" + g + "\" and members[value eq \"" + u1 + "\"]";
    assertEquals(
        0,
        c.get("/Groups?excludedAttributes=members&filter=" + ScimClient.q(notMember))
            .json()
            .path("totalResults")
            .asInt());

    // rename (Replace displayName), then replace members with []
    assertEquals(
        204,
        c.patch(
                "/Groups/" + g,
                patch("{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"" + name + "-2\"}"))
            .status());
    assertEquals(
        204,
        c.patch("/Groups/" + g, patch("{\"op\":\"Replace\",\"path\":\"members\",\"value\":[]}"))
            .status());
    assertEquals(Set.of(), memberIds(c, g));
    assertEquals(name + "-2", c.get("/Groups/" + g).json().path("displayName").asText());
    assertEquals(204, c.delete("/Groups/" + g).status());
  }

  @Test
  void putDiffsMembersAndDeletedUserLeavesItsGroups() {
    ScimClient c = fixture.orgA();
    String u1 = newUser(c);
    String u2 = newUser(c);
    String u3 = newUser(c);
    String name = unique("Put Group");
    String g =
        c.post(
                "/Groups",
                "{\"displayName\":\""
                    + name
                    + "\",\"members\":[{\"value\":\""
                    + u1
                    + "\"},{\"value\":\""
                    + u2
                    + "\"}]}")
            .json()
            .path("id")
            .asText();
    assertEquals(new TreeSet<>(List.of(u1, u2)), memberIds(c, g));
    ScimClient.Response put =
        c.put(
            "/Groups/" + g,
            "{\"displayName\":\""
                + name
                + "\",\"members\":[{\"value\":\""
                + u2
                + "\"},{\"value\":\""
                + u3
                + "\"}]}");
    assertEquals(200, put.status(), put.text());
    assertEquals(new TreeSet<>(List.of(u2, u3)), memberIds(c, g));
    assertEquals(204, c.delete("/Users/" + u3).status());
    assertEquals(Set.of(u2), memberIds(c, g));
    // PATCH asking for a representation gets 200 with the resource
    ScimClient.Response rep =
        c.send(
            "PATCH",
            "/Groups/" + g,
            patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u1 + "\"}]}"),
            Map.of("Prefer", "return=representation"));
    assertEquals(200, rep.status(), rep.text());
    assertEquals(2, rep.json().path("members").size());
    assertTrue(rep.json().path("members").path(0).path("$ref").asText().contains("/Users/"));
  }

  @Test
  void parallelSingleMemberAddsLoseNone() throws Exception {
    ScimClient c = fixture.orgA();
    String g =
        c.post("/Groups", "{\"displayName\":\"" + unique("Parallel") + "\"}")
            .json()
            .path("id")
            .asText();
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      users.add(newUser(c));
    }
    ExecutorService pool = Executors.newFixedThreadPool(24);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (String u : users) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return c.patch(
                        "/Groups/" + g,
                        patch(
                            "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                                + u
                                + "\"}]}"))
                    .status();
              }));
    }
    go.countDown();
    for (Future<Integer> f : results) {
      assertEquals(204, f.get());
    }
    pool.shutdown();
    assertEquals(new TreeSet<>(users), memberIds(c, g));
  }

  @Test
  void memberOnlyPatchHonoursIfMatch() {
    ScimClient c = fixture.orgA();
    String u1 = newUser(c);
    String u2 = newUser(c);
    ScimClient.Response created =
        c.post(
            "/Groups",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
                + unique("IfMatch Group")
                + "\",\"members\":[{\"value\":\""
                + u1
                + "\"}]}");
    assertEquals(201, created.status(), created.text());
    String g = created.json().path("id").asText();
    String stale = c.get("/Groups/" + g).header("ETag");
    String addU2 =
        patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u2 + "\"}]}");
    assertEquals(204, c.patch("/Groups/" + g, addU2).status()); // moves the version on
    String current = c.get("/Groups/" + g).header("ETag");
    assertTrue(!current.equals(stale), current);

    String removeU1 =
        patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u1 + "\\\"]\"}");
    assertScimError(c.patch("/Groups/" + g, removeU1, Map.of("If-Match", stale)), 412, null);
    assertEquals(new TreeSet<>(List.of(u1, u2)), memberIds(c, g));

    ScimClient.Response ok = c.patch("/Groups/" + g, removeU1, Map.of("If-Match", current));
    assertEquals(204, ok.status(), ok.text());
    assertEquals(Set.of(u2), memberIds(c, g));
    assertTrue(!current.equals(c.get("/Groups/" + g).header("ETag")));
  }
}
