package dev.scimserverless.local;

import static dev.scimserverless.local.UsersFlowContract.assertScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The "Must show" list of the Query issue, over real HTTP on the local endpoint: a fresh store
 * whose organization A holds exactly 25 users and 3 groups (so every count is exact); organization
 * B is where tests create resources. Subclasses choose the store adapter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueryContract {
  static final int USERS = 25;
  static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

  /** Mixed case, so that sorting must ignore case; all distinct when lower-cased. */
  private static final List<String> FIRST =
      List.of("alice", "Bob", "carol", "Dave", "erin", "Frank", "grace", "Heidi", "ivan");

  private EndpointFixture fixture;
  private ScimClient a;

  /** userName by index 1..25, and the id each got. */
  private final Map<Integer, String> userNames = new LinkedHashMap<>();

  private final Map<Integer, String> ids = new LinkedHashMap<>();
  private final List<String> groupIds = new ArrayList<>();

  protected abstract EndpointFixture startFixture();

  @BeforeAll
  void seed() {
    fixture = startFixture();
    a = fixture.orgA();
    for (int i = 1; i <= USERS; i++) {
      String userName = FIRST.get(i % FIRST.size()) + "-" + String.format("%02d", i);
      ScimClient.Response r = a.post("/Users", userJson(i, userName));
      assertEquals(201, r.status(), r.text());
      userNames.put(i, userName);
      ids.put(i, r.json().path("id").asText());
    }
    for (int group = 1; group <= 3; group++) {
      int g = group;
      String members =
          String.join(
              ",",
              IntStream.rangeClosed(1, USERS)
                  .filter(i -> i % (g + 1) == 0)
                  .mapToObj(i -> "{\"value\":\"" + ids.get(i) + "\"}")
                  .toList());
      ScimClient.Response r =
          a.post(
              "/Groups",
              """
              {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
               "displayName":"Team %d","members":[%s]}
              """
                  .formatted(g, members));
      assertEquals(201, r.status(), r.text());
      groupIds.add(r.json().path("id").asText());
    }
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /**
   * User i: active unless i is a multiple of 3; a work email at corp.test when i is even (else at
   * example.com) and a home email; a title only when i is odd; an employee number.
   */
  private static String userJson(int i, String userName) {
    String workDomain = i % 2 == 0 ? "corp.test" : "example.com";
    String title = i % 2 == 1 ? ",\"title\":\"Title " + (char) ('A' + (i % 5)) + "\"" : "";
    return """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName":"%s","externalId":"ext-%d",
         "name":{"givenName":"G%d","familyName":"F%02d"},
         "emails":[{"value":"home%d@example.org","type":"home"},
                   {"value":"%s@%s","type":"work","primary":true}],
         "active":%s%s,
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"%d"}}
        """
        .formatted(
            userName,
            i,
            i,
            26 - i,
            i,
            userName.toLowerCase(Locale.ROOT),
            workDomain,
            i % 3 != 0,
            title,
            1000 + i);
  }

  private static String get(String path, String filter) {
    return path + (path.contains("?") ? "&" : "?") + "filter=" + ScimClient.q(filter);
  }

  private static List<String> userNamesOf(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("Resources").forEach(r -> out.add(r.path("userName").asText()));
    return out;
  }

  private static List<String> idsOf(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("Resources").forEach(r -> out.add(r.path("id").asText()));
    return out;
  }

  private int countWhere(IntPredicate p) {
    return (int) IntStream.rangeClosed(1, USERS).filter(p).count();
  }

  private JsonNode ok(ScimClient.Response r) {
    assertEquals(200, r.status(), r.text());
    assertTrue(r.header("Content-Type").startsWith("application/scim+json"));
    assertEquals(
        "urn:ietf:params:scim:api:messages:2.0:ListResponse",
        r.json().path("schemas").path(0).asText(),
        r.text());
    return r.json();
  }

  // ---------------------------------------------------------------- paging

  @Test
  void twentyFiveUsersPagedAtCountTenComeBackExactlyOnce() {
    List<String> seen = new ArrayList<>();
    int[] sizes = {10, 10, 5};
    for (int page = 0; page < 3; page++) {
      int start = 1 + 10 * page;
      JsonNode body = ok(a.get("/Users?startIndex=" + start + "&count=10"));
      assertEquals(USERS, body.path("totalResults").asInt(), "the total, not the page size");
      assertEquals(sizes[page], body.path("itemsPerPage").asInt());
      assertEquals(start, body.path("startIndex").asInt());
      assertEquals(sizes[page], body.path("Resources").size());
      seen.addAll(idsOf(body));
    }
    assertEquals(USERS, seen.size());
    assertEquals(new HashSet<>(ids.values()), new HashSet<>(seen));
    JsonNode beyond = ok(a.get("/Users?startIndex=26&count=10"));
    assertEquals(USERS, beyond.path("totalResults").asInt());
    assertEquals(0, beyond.path("Resources").size());
  }

  @Test
  void indexPagesAreStableAndInUserNameOrder() {
    JsonNode all = ok(a.get("/Users?count=100"));
    List<String> names = userNamesOf(all);
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(Comparator.comparing(n -> n.toLowerCase(Locale.ROOT)));
    assertEquals(sorted, names, "index paging without sortBy walks the userName index");
    assertEquals(names.subList(7, 12), userNamesOf(ok(a.get("/Users?startIndex=8&count=5"))));
  }

  @Test
  void cursorPagesComeBackExactlyOnceWithoutStartIndex() {
    List<String> seen = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    while (true) {
      JsonNode body = ok(a.get("/Users?count=10&cursor=" + ScimClient.q(cursor)));
      pages++;
      assertEquals(USERS, body.path("totalResults").asInt());
      assertTrue(body.path("startIndex").isMissingNode(), body.toString());
      seen.addAll(idsOf(body));
      if (!body.has("nextCursor")) {
        break;
      }
      cursor = body.path("nextCursor").asText();
      assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "RFC 3986 unreserved: " + cursor);
    }
    assertEquals(3, pages);
    assertEquals(USERS, seen.size());
    assertEquals(new HashSet<>(ids.values()), new HashSet<>(seen));
  }

  @Test
  void countZeroGivesOnlyTheTotalAndCountIsCapped() {
    JsonNode zero = ok(a.get("/Users?count=0"));
    assertEquals(USERS, zero.path("totalResults").asInt());
    assertEquals(0, zero.path("itemsPerPage").asInt());
    assertEquals(0, zero.path("Resources").size());
    JsonNode filtered = ok(a.get(get("/Users?count=0", "title pr")));
    assertEquals(countWhere(i -> i % 2 == 1), filtered.path("totalResults").asInt());
    assertEquals(0, filtered.path("Resources").size());
    JsonNode big = ok(a.get("/Users?count=100000"));
    assertEquals(USERS, big.path("itemsPerPage").asInt());
    JsonNode negative = ok(a.get("/Users?count=-5&startIndex=-3"));
    assertEquals(0, negative.path("Resources").size());
    assertEquals(1, negative.path("startIndex").asInt());
  }

  @Test
  void badPagingParametersAreClientErrors() {
    assertScimError(a.get("/Users?startIndex=x"), 400, "invalidValue");
    assertScimError(a.get("/Users?count=ten"), 400, "invalidValue");
    assertScimError(a.get("/Users?startIndex=1&cursor="), 400, "invalidValue");
    assertScimError(a.get("/Users?cursor=not-a-cursor"), 400, "invalidCursor");
    assertScimError(a.get("/Users?cursor=" + ScimClient.q("a b")), 400, "invalidCursor");
    // a cursor of one query is no cursor of another
    String next = ok(a.get("/Users?count=5&cursor=")).path("nextCursor").asText();
    assertScimError(
        a.get(get("/Users?count=5&cursor=" + next, "active eq true")), 400, "invalidCursor");
    assertScimError(a.get("/Groups?count=5&cursor=" + next), 400, "invalidCursor");
  }

  // ---------------------------------------------------------------- sorting

  @Test
  void sortByUserNameDescendingSorts() {
    JsonNode body = ok(a.get("/Users?sortBy=userName&sortOrder=descending&count=100"));
    List<String> expected = new ArrayList<>(userNames.values());
    expected.sort(Comparator.comparing((String n) -> n.toLowerCase(Locale.ROOT)).reversed());
    assertEquals(expected, userNamesOf(body));
    assertEquals(USERS, body.path("totalResults").asInt());
    assertEquals(
        expected.subList(10, 20),
        userNamesOf(
            ok(a.get("/Users?sortBy=userName&sortOrder=descending&startIndex=11&count=10"))));
    List<String> byCursor = new ArrayList<>();
    String cursor = "";
    do {
      JsonNode page =
          ok(a.get("/Users?sortBy=userName&sortOrder=descending&count=7&cursor=" + cursor));
      byCursor.addAll(userNamesOf(page));
      cursor = page.path("nextCursor").asText("");
    } while (!cursor.isEmpty());
    assertEquals(expected, byCursor);
    List<String> ascending = new ArrayList<>(expected);
    java.util.Collections.reverse(ascending);
    assertEquals(ascending, userNamesOf(ok(a.get("/Users?sortBy=USERNAME&count=100"))));
  }

  @Test
  void sortByAnyAttributeWithAbsentValuesLastWhenAscending() {
    // title: only odd users have one ("Title " + letter); ties broken by id
    JsonNode asc = ok(a.get("/Users?sortBy=title&count=100&attributes=title"));
    List<String> titles = new ArrayList<>();
    asc.path("Resources").forEach(r -> titles.add(r.path("title").asText("")));
    int withTitle = countWhere(i -> i % 2 == 1);
    List<String> present = titles.subList(0, withTitle);
    assertTrue(present.stream().noneMatch(String::isEmpty), titles.toString());
    assertEquals(present.stream().sorted().toList(), present);
    assertTrue(titles.subList(withTitle, USERS).stream().allMatch(String::isEmpty));

    JsonNode desc = ok(a.get("/Users?sortBy=title&sortOrder=descending&count=100"));
    assertFalse(desc.path("Resources").path(0).has("title"), "absent first when descending");
    assertTrue(desc.path("Resources").path(USERS - 1).has("title"));

    // name.familyName is F(26 - i): descending i
    JsonNode family = ok(a.get("/Users?sortBy=name.familyName&count=3"));
    assertEquals(
        List.of(userNames.get(25), userNames.get(24), userNames.get(23)), userNamesOf(family));
    // multi-valued: the primary (work) email
    JsonNode emails = ok(a.get("/Users?sortBy=emails&count=100"));
    List<String> primary = new ArrayList<>();
    emails.path("Resources").forEach(r -> primary.add(workEmail(r)));
    assertEquals(primary.stream().sorted().toList(), primary);
    // extension attribute, and meta
    JsonNode employee =
        ok(
            a.get(
                "/Users?count=2&sortOrder=descending&sortBy="
                    + ScimClient.q(
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber")));
    assertEquals(List.of(userNames.get(25), userNames.get(24)), userNamesOf(employee));
    JsonNode created = ok(a.get("/Users?sortBy=meta.created&count=100"));
    assertEquals(USERS, created.path("Resources").size());
  }

  @Test
  void sortByUnknownAttributeIsAClientError() {
    assertScimError(a.get("/Users?sortBy=shoeSize"), 400, "invalidValue");
    assertScimError(a.get("/Users?sortBy=name"), 400, "invalidValue");
  }

  private static String workEmail(JsonNode user) {
    for (JsonNode e : user.path("emails")) {
      if (e.path("primary").asBoolean()) {
        return e.path("value").asText();
      }
    }
    return "";
  }

  // ---------------------------------------------------------------- filters

  @Test
  void filterWithAndNotGroupingValuePathAndEwGivesTheRightCount() {
    String filter =
        "(emails[type eq \"work\" and value ew \"@corp.test\"] and not (active eq false))"
            + " or userName eq \"nobody\"";
    int expected = countWhere(i -> i % 2 == 0 && i % 3 != 0);
    assertEquals(8, expected);
    JsonNode body = ok(a.get(get("/Users?count=100", filter)));
    assertEquals(expected, body.path("totalResults").asInt());
    assertEquals(expected, body.path("Resources").size());
    for (JsonNode u : body.path("Resources")) {
      assertTrue(workEmail(u).endsWith("@corp.test"));
      assertTrue(u.path("active").asBoolean());
    }
    // the same filter with cursor paging, 3 at a time
    Set<String> seen = new TreeSet<>();
    String cursor = "";
    do {
      JsonNode page = ok(a.get(get("/Users?count=3&cursor=" + cursor, filter)));
      assertTrue(page.path("Resources").size() <= 3);
      page.path("Resources").forEach(r -> assertTrue(seen.add(r.path("id").asText())));
      cursor = page.path("nextCursor").asText("");
    } while (!cursor.isEmpty());
    assertEquals(expected, seen.size());
  }

  @Test
  void moreFilterShapes() {
    assertEquals(
        countWhere(i -> i % 2 == 1),
        ok(a.get(get("/Users", "title pr"))).path("totalResults").asInt());
    assertEquals(
        countWhere(i -> i % 3 == 0),
        ok(a.get(get("/Users", "active eq false"))).path("totalResults").asInt());
    assertEquals(
        countWhere(i -> i >= 20),
        ok(a.get(get("/Users", "name.familyName le \"F06\""))).path("totalResults").asInt());
    assertEquals(
        countWhere(i -> i % 2 == 0 || i % 3 == 0),
        ok(a.get(get("/Users", "emails.value co \"corp\" or not (active pr and active eq true)")))
            .path("totalResults")
            .asInt());
    assertEquals(
        1,
        ok(a.get(
                get(
                    "/Users",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"
                        + " eq \"1007\"")))
            .path("totalResults")
            .asInt());
    assertEquals(
        USERS,
        ok(a.get(get("/Users", "meta.resourceType eq \"User\""))).path("totalResults").asInt());
  }

  @Test
  void keyFiltersFindExactly() {
    String name = userNames.get(7);
    JsonNode byName = ok(a.get(get("/Users", "userName eq \"" + name.toUpperCase() + "\"")));
    assertEquals(List.of(ids.get(7)), idsOf(byName));
    assertEquals(List.of(ids.get(9)), idsOf(ok(a.get(get("/Users", "externalId eq \"ext-9\"")))));
    assertEquals(
        0, ok(a.get(get("/Users", "externalId eq \"EXT-9\""))).path("totalResults").asInt());
    assertEquals(
        List.of(ids.get(4)),
        idsOf(ok(a.get(get("/Users", "id eq \"" + ids.get(4) + "\" and active eq true")))));
    assertEquals(
        0,
        ok(a.get(get("/Users", "id eq \"" + ids.get(3) + "\" and active eq true")))
            .path("totalResults")
            .asInt());
    JsonNode either =
        ok(
            a.get(
                get(
                    "/Users?sortBy=userName",
                    "userName eq \"" + userNames.get(2) + "\" or externalId eq \"ext-1\"")));
    assertEquals(2, either.path("totalResults").asInt());
    assertEquals(0, ok(a.get(get("/Users", "userName eq \"\""))).path("totalResults").asInt());
    assertEquals(
        0,
        ok(a.get(get("/Users", "id eq \"" + "x".repeat(2000) + "\"")))
            .path("totalResults")
            .asInt());
    // groups: displayName and members[value eq]
    assertEquals(
        List.of(groupIds.get(1)),
        idsOf(ok(a.get(get("/Groups?excludedAttributes=members", "displayName eq \"team 2\"")))));
    JsonNode ofUser12 =
        ok(
            a.get(
                get(
                    "/Groups?excludedAttributes=members&sortBy=displayName",
                    "members[value eq \"" + ids.get(12) + "\"]")));
    assertEquals(groupIds, idsOf(ofUser12), "12 is a multiple of 2, 3 and 4");
  }

  @Test
  void unterminatedStringIsInvalidFilter() {
    assertScimError(a.get(get("/Users", "userName eq \"bjensen")), 400, "invalidFilter");
    assertScimError(
        a.post(
            "/Users/.search",
            "{\"schemas\":[\"" + SEARCH_REQUEST + "\"],\"filter\":\"userName eq \\\"bj\"}"),
        400,
        "invalidFilter");
    assertScimError(a.get(get("/Users", "emails[type eq \"work\"")), 400, "invalidFilter");
    assertScimError(a.get(get("/Users", "userName xx \"a\"")), 400, "invalidFilter");
  }

  // ---------------------------------------------------------------- projection

  @Test
  void attributesUserNameReturnsOnlyIdAndUserName() {
    JsonNode list = ok(a.get("/Users?attributes=userName&count=100"));
    assertEquals(USERS, list.path("Resources").size());
    for (JsonNode u : list.path("Resources")) {
      assertEquals(Set.of("schemas", "id", "userName"), fieldNames(u), u.toString());
    }
    JsonNode one = a.get("/Users/" + ids.get(1) + "?attributes=userName").json();
    assertEquals(Set.of("schemas", "id", "userName"), fieldNames(one));
    JsonNode searched =
        ok(
            a.post(
                "/Users/.search",
                "{\"schemas\":[\""
                    + SEARCH_REQUEST
                    + "\"],\"attributes\":[\"userName\"],\"count\":3}"));
    for (JsonNode u : searched.path("Resources")) {
      assertEquals(Set.of("schemas", "id", "userName"), fieldNames(u));
    }
  }

  @Test
  void excludedAttributesEmailsDropsEmails() {
    JsonNode list = ok(a.get("/Users?excludedAttributes=emails&count=100"));
    for (JsonNode u : list.path("Resources")) {
      assertFalse(u.has("emails"), u.toString());
      assertTrue(u.has("userName") && u.has("name") && u.has("meta") && u.has("id"));
    }
    JsonNode one = a.get("/Users/" + ids.get(2) + "?excludedAttributes=emails").json();
    assertFalse(one.has("emails"));
    assertTrue(one.has("name"));
  }

  @Test
  void projectionAppliesToCreateReplacePatchAndGroups() {
    ScimClient b = fixture.orgB();
    ScimClient.Response created = b.post("/Users?attributes=userName", userJson(1, "proj-user"));
    assertEquals(201, created.status(), created.text());
    assertEquals(Set.of("schemas", "id", "userName"), fieldNames(created.json()));
    String id = created.json().path("id").asText();
    ScimClient.Response replaced =
        b.put("/Users/" + id + "?excludedAttributes=emails,name", userJson(2, "proj-user"));
    assertEquals(200, replaced.status(), replaced.text());
    assertFalse(replaced.json().has("emails"));
    assertFalse(replaced.json().has("name"));
    assertTrue(replaced.json().has("userName"));
    ScimClient.Response patched =
        b.patch(
            "/Users/" + id + "?attributes=displayName",
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","path":"displayName","value":"Proj"}]}
            """);
    assertEquals(200, patched.status(), patched.text());
    assertEquals(Set.of("schemas", "id", "displayName"), fieldNames(patched.json()));
    JsonNode groups = ok(a.get("/Groups?attributes=displayName"));
    assertEquals(3, groups.path("totalResults").asInt());
    for (JsonNode g : groups.path("Resources")) {
      assertEquals(Set.of("schemas", "id", "displayName"), fieldNames(g));
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  // ---------------------------------------------------------------- POST .search

  @Test
  void postSearchPages() {
    List<String> seen = new ArrayList<>();
    for (int start = 1; start <= USERS; start += 10) {
      JsonNode page =
          ok(
              a.post(
                  "/Users/.search",
                  """
              {"schemas":["%s"],"startIndex":%d,"count":10,
               "sortBy":"userName","attributes":"userName,emails"}
              """
                      .formatted(SEARCH_REQUEST, start)));
      assertEquals(USERS, page.path("totalResults").asInt());
      assertEquals(start, page.path("startIndex").asInt());
      seen.addAll(userNamesOf(page));
    }
    List<String> expected = new ArrayList<>(userNames.values());
    expected.sort(Comparator.comparing(n -> n.toLowerCase(Locale.ROOT)));
    assertEquals(expected, seen);

    Set<String> byCursor = new HashSet<>();
    String cursor = "";
    int pages = 0;
    do {
      JsonNode page =
          ok(
              a.post(
                  "/Users/.search",
                  """
              {"schemas":["%s"],"filter":"active eq true","cursor":"%s","count":4,
               "excludedAttributes":["emails"]}
              """
                      .formatted(SEARCH_REQUEST, cursor)));
      pages++;
      page.path("Resources").forEach(r -> assertTrue(byCursor.add(r.path("id").asText())));
      page.path("Resources").forEach(r -> assertFalse(r.has("emails")));
      cursor = page.path("nextCursor").asText("");
    } while (!cursor.isEmpty());
    assertEquals(countWhere(i -> i % 3 != 0), byCursor.size());
    assertTrue(pages >= 5, "pages of at most 4: " + pages);

    JsonNode groups =
        ok(
            a.post(
                "/Groups/.search",
                "{\"schemas\":[\""
                    + SEARCH_REQUEST
                    + "\"],\"filter\":\"displayName sw \\\"team\\\"\","
                    + "\"excludedAttributes\":\"members\",\"count\":2}"));
    assertEquals(3, groups.path("totalResults").asInt());
    assertEquals(2, groups.path("Resources").size());
  }

  @Test
  void rootSearchFindsUsersAndGroups() {
    JsonNode all =
        ok(
            a.post(
                "/.search",
                "{\"schemas\":[\""
                    + SEARCH_REQUEST
                    + "\"],\"attributes\":[\"id\"],\"count\":200}"));
    assertEquals(USERS + 3, all.path("totalResults").asInt());
    Set<String> types = new HashSet<>();
    all.path("Resources").forEach(r -> types.add(r.path("schemas").path(0).asText()));
    assertTrue(types.contains("urn:ietf:params:scim:schemas:core:2.0:Group"), types.toString());
    // pages of 10 across the boundary between Users and Groups, by index and by cursor
    Set<String> seen = new HashSet<>();
    for (int start = 1; start <= USERS + 3; start += 10) {
      JsonNode page =
          ok(
              a.post(
                  "/.search",
                  "{\"schemas\":[\""
                      + SEARCH_REQUEST
                      + "\"],\"startIndex\":"
                      + start
                      + ",\"count\":10,\"excludedAttributes\":[\"members\",\"groups\"]}"));
      assertEquals(USERS + 3, page.path("totalResults").asInt());
      page.path("Resources").forEach(r -> assertTrue(seen.add(r.path("id").asText())));
    }
    assertEquals(USERS + 3, seen.size());
    Set<String> byCursor = new HashSet<>();
    String cursor = "";
    do {
      JsonNode page =
          ok(
              a.post(
                  "/.search",
                  "{\"schemas\":[\""
                      + SEARCH_REQUEST
                      + "\"],\"cursor\":\""
                      + cursor
                      + "\",\"count\":10}"));
      page.path("Resources").forEach(r -> assertTrue(byCursor.add(r.path("id").asText())));
      cursor = page.path("nextCursor").asText("");
    } while (!cursor.isEmpty());
    assertEquals(USERS + 3, byCursor.size());
    // a filter only one type can match, and a sort across both
    JsonNode teams =
        ok(
            a.post(
                "/.search",
                "{\"schemas\":[\""
                    + SEARCH_REQUEST
                    + "\"],\"filter\":\"displayName sw \\\"Team\\\"\"}"));
    assertEquals(3, teams.path("totalResults").asInt());
    JsonNode sorted =
        ok(
            a.post(
                "/.search",
                "{\"schemas\":[\""
                    + SEARCH_REQUEST
                    + "\"],\"sortBy\":\"meta.created\","
                    + "\"sortOrder\":\"descending\",\"count\":3,\"attributes\":[\"meta\"]}"));
    assertEquals(groupIds.get(2), sorted.path("Resources").path(0).path("id").asText());
  }

  @Test
  void searchNeedsPostAndTheSearchRequestSchema() {
    assertScimError(a.get("/Users/.search"), 405, null);
    assertScimError(a.get("/.search"), 405, null);
    assertScimError(a.send("PUT", "/Groups/.search", "{}", Map.of()), 405, null);
    assertScimError(a.post("/Users/.search", "{\"filter\":\"active pr\"}"), 400, "invalidSyntax");
    assertScimError(
        a.post("/Users/.search", "{\"schemas\":[\"" + SEARCH_REQUEST + "\"],\"count\":\"x\"}"),
        400,
        "invalidValue");
    assertScimError(
        a.post(
            "/Users/.search",
            "{\"schemas\":[\"" + SEARCH_REQUEST + "\"],\"attributes\":{\"a\":1}}"),
        400,
        "invalidValue");
    assertScimError(a.post("/.search", "[1]"), 400, "invalidSyntax");
  }

  @Test
  void serviceProviderConfigAdvertisesSortingAndBothPaginations() {
    JsonNode spc = a.get("/ServiceProviderConfig").json();
    assertTrue(spc.path("sort").path("supported").asBoolean());
    JsonNode pagination = spc.path("pagination");
    assertTrue(pagination.path("cursor").asBoolean());
    assertTrue(pagination.path("index").asBoolean());
    assertEquals("index", pagination.path("defaultPaginationMethod").asText());
    assertEquals(
        spc.path("filter").path("maxResults").asInt(), pagination.path("maxPageSize").asInt());
  }
}
