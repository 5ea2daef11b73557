package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.http.ScimDispatcher;
import dev.scimserverless.core.http.ScimEndpoint;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /.search} on the in-memory store without HTTP: joins of Users and Groups under both
 * pagination methods, sorting across the types, and its bounds and cursor errors.
 */
class QueryRootSearchTest {
  private static final String T = "org-root";
  private static final String SR = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

  private ScimEndpoint users;
  private ScimEndpoint groups;

  @BeforeEach
  void setUp() {
    InMemoryStore store = new InMemoryStore();
    users = new ScimDispatcher(ScimApi.usersEndpoint(store), (r, e) -> {})::dispatch;
    groups = new ScimDispatcher(ScimApi.groupsEndpoint(store), (r, e) -> {})::dispatch;
    // users: displayName "d1".."d5" for the first three, none for the last two
    for (int i = 1; i <= 5; i++) {
      String display = i <= 3 ? ",\"displayName\":\"D" + (i * 2) + "\"" : "";
      post(
          users,
          "/Users",
          "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"u"
              + i
              + "\""
              + display
              + "}",
          201);
    }
    // groups: displayName "D1", "D3", "D5"
    for (int g : new int[] {1, 3, 5}) {
      post(
          groups,
          "/Groups",
          "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"D"
              + g
              + "\"}",
          201);
    }
  }

  private JsonNode post(ScimEndpoint endpoint, String path, String body, int status) {
    ScimResponse r =
        endpoint.handle(
            new ScimRequest("POST", path, Map.of(), Map.of(), body, T, "req", "https://x/scim/v2"));
    assertEquals(status, r.status(), r.body());
    return Json.parse(r.body());
  }

  private JsonNode search(String members, int status) {
    return post(users, "/.search", "{\"schemas\":[\"" + SR + "\"]" + members + "}", status);
  }

  private static List<String> displayNames(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("Resources").forEach(r -> out.add(r.path("displayName").asText("-")));
    return out;
  }

  @Test
  void sortedAcrossTypesWithAbsentValuesLastByIndexAndByCursor() {
    List<String> expected = List.of("D1", "D2", "D3", "D4", "D5", "D6", "-", "-");
    JsonNode all = search(",\"sortBy\":\"displayName\"", 200);
    assertEquals(expected, displayNames(all));
    assertEquals(8, all.path("totalResults").asInt());
    JsonNode page2 = search(",\"sortBy\":\"displayName\",\"startIndex\":3,\"count\":3", 200);
    assertEquals(expected.subList(2, 5), displayNames(page2));
    List<String> byCursor = new ArrayList<>();
    String cursor = "";
    do {
      JsonNode page =
          search(",\"sortBy\":\"displayName\",\"count\":3,\"cursor\":\"" + cursor + "\"", 200);
      assertEquals(8, page.path("totalResults").asInt());
      byCursor.addAll(displayNames(page));
      cursor = page.path("nextCursor").asText("");
    } while (!cursor.isEmpty());
    assertEquals(expected, byCursor);
    JsonNode descending =
        search(",\"sortBy\":\"displayName\",\"sortOrder\":\"descending\",\"count\":3", 200);
    assertEquals(List.of("-", "-", "D6"), displayNames(descending));
  }

  @Test
  void unsortedJoinsUsersThenGroupsAcrossPages() {
    JsonNode first = search(",\"startIndex\":4,\"count\":3", 200);
    assertEquals(8, first.path("totalResults").asInt());
    List<String> types = new ArrayList<>();
    first.path("Resources").forEach(r -> types.add(r.path("meta").path("resourceType").asText()));
    assertEquals(List.of("User", "User", "Group"), types);
    JsonNode zero = search(",\"count\":0,\"cursor\":\"\"", 200);
    assertEquals(8, zero.path("totalResults").asInt());
    assertFalse(zero.has("nextCursor"));
    JsonNode filtered = search(",\"filter\":\"displayName ge \\\"D4\\\"\",\"count\":10", 200);
    // users first (in id order, and ids are random), then groups
    List<String> names = displayNames(filtered);
    assertEquals(3, names.size());
    assertEquals(java.util.Set.of("D4", "D6"), java.util.Set.copyOf(names.subList(0, 2)));
    assertEquals("D5", names.get(2));
  }

  @Test
  void boundsAndCursorsAreClientErrors() {
    JsonNode tooDeep = search(",\"sortBy\":\"displayName\",\"startIndex\":195,\"count\":10", 400);
    assertEquals("tooMany", tooDeep.path("scimType").asText());
    assertEquals("invalidValue", search(",\"sortBy\":\"nothing\"", 400).path("scimType").asText());
    String next = search(",\"count\":2,\"cursor\":\"\"", 200).path("nextCursor").asText();
    assertFalse(next.isEmpty());
    assertEquals(
        "invalidCursor",
        search(",\"count\":2,\"filter\":\"id pr\",\"cursor\":\"" + next + "\"", 400)
            .path("scimType")
            .asText());
    assertEquals(
        "invalidCursor",
        search(",\"sortBy\":\"displayName\",\"cursor\":\"" + next + "\"", 400)
            .path("scimType")
            .asText());
    assertEquals("invalidCursor", search(",\"cursor\":\"abc\"", 400).path("scimType").asText());
    JsonNode second = search(",\"count\":2,\"cursor\":\"" + next + "\"", 200);
    assertEquals(2, second.path("Resources").size());
    assertTrue(second.has("nextCursor"));
  }
}
