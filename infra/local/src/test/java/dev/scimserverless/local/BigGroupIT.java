package dev.scimserverless.local;

import static dev.scimserverless.local.ScimClient.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.service.GroupService;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.dynamodb.MembershipLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A group of 100,000 members on Dynoxide, over HTTP through the local endpoint (issue 4, "Big
 * groups"): its GET with members is the documented 400 {@code tooMany}; without members, its GET, a
 * one-member PATCH and Entra's membership filter cost the same DynamoDB calls as for a group of 10
 * (and of 2,000), counted by a {@link CountingDynamoDbClient} under the store.
 *
 * <p>The counts are the function's own: the local endpoint runs the token authorizer on every
 * request (API Gateway caches its answer), so its calls, measured on an authorized request that
 * reaches no store ({@code GET /ServiceProviderConfig}), are subtracted. Members are loaded as
 * membership items with {@link MembershipLoader} (no user items: reads need only the membership
 * items); the members that PATCH adds are real users created through the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BigGroupIT {
  private static final String ORG = "org-big";
  private static final String TOKEN = "scim_test_token_big_0123456789abcdef";
  private static final int BIG = 100_000;
  private static final int MEDIUM = 2_000;
  private static final int SMALL = 10;
  private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  private CountingDynamoDbClient counting;
  private LocalEndpoint endpoint;
  private ScimClient scim;
  private String big;
  private String medium;
  private String small;
  private String member; // a loaded member of every group
  private final List<String> users = new ArrayList<>(); // real users, members of no group
  private Map<String, Long> authorizerCalls; // of one request

  @BeforeAll
  void loadGroups() throws Exception {
    Dynoxide dynoxide = Dynoxide.shared();
    String table = dynoxide.freshTable();
    counting = new CountingDynamoDbClient(dynoxide.client());
    endpoint = LocalEndpoint.start(0, new DynamoDbStore(counting, table), Map.of(ORG, TOKEN));
    scim = ScimClient.bearer(endpoint.baseUrl(), TOKEN);

    // the same displayName length, so that the group items are the same size
    big = createGroup("Big group 100000");
    medium = createGroup("Big group 002000");
    small = createGroup("Big group 000010");
    for (int i = 0; i < 5; i++) {
      users.add(createUser("big-user-" + i));
    }
    member = UUID.randomUUID().toString();
    MembershipLoader loader = new MembershipLoader(dynoxide.client(), table, 4);
    loader.loadMembers(ORG, big, List.of(member));
    loader.loadMembers(ORG, medium, List.of(member));
    loader.loadMembers(ORG, small, List.of(member));
    loader.loadMembershipItemsOnly(ORG, big, randomIds(BIG - 1));
    loader.loadMembershipItemsOnly(ORG, medium, randomIds(MEDIUM - 1));
    loader.loadMembershipItemsOnly(ORG, small, randomIds(SMALL - 1));

    counting.reset();
    assertEquals(200, scim.get("/ServiceProviderConfig").status());
    authorizerCalls = counting.callsByOperation();
  }

  @AfterAll
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void getWithMembersOfAGroupTooBigForOneResponseIsTooMany() {
    Counted<ScimClient.Response> r = counted(() -> scim.get("/Groups/" + big));

    assertEquals(400, r.value().status(), r.value().text());
    JsonNode error = r.value().json();
    assertEquals(
        "urn:ietf:params:scim:api:messages:2.0:Error", error.path("schemas").get(0).asText());
    assertEquals("400", error.path("status").asText());
    assertEquals("tooMany", error.path("scimType").asText());
    String detail = error.path("detail").asText();
    assertTrue(detail.contains("excludedAttributes=members"), detail);
    assertTrue(detail.contains("members[value eq"), detail);
    // it stops reading at the limit: 1,000 members per Query page, not 100 pages
    long pages = GroupService.MAX_MEMBERS_IN_RESPONSE / 1_000 + 1;
    assertEquals(pages, r.calls().getOrDefault("Query", 0L), r.calls().toString());
  }

  @Test
  void getWithMembersOfAGroupThatFitsListsThemAll() {
    ScimClient.Response r = scim.get("/Groups/" + medium);

    assertEquals(200, r.status(), r.text());
    assertEquals(MEDIUM, r.json().path("members").size());
  }

  @Test
  void getWithoutMembersCostsTheSameWhateverTheSize() {
    Counted<ScimClient.Response> ofBig = getWithoutMembers(big);
    Counted<ScimClient.Response> ofMedium = getWithoutMembers(medium);
    Counted<ScimClient.Response> ofSmall = getWithoutMembers(small);

    for (Counted<ScimClient.Response> r : List.of(ofBig, ofMedium, ofSmall)) {
      assertEquals(200, r.value().status(), r.value().text());
      assertFalse(r.value().json().has("members"), r.value().text());
    }
    assertEquals(ofSmall.calls(), ofBig.calls());
    assertEquals(ofSmall.calls(), ofMedium.calls());
    assertEquals(ofSmall.capacity(), ofBig.capacity());
    assertEquals(Map.of("GetItem", 1L), ofBig.calls()); // the group's item: no Query at all
  }

  @Test
  void getWithoutMembersOfA2000MemberGroupCostsAboutAUserGet() {
    Counted<ScimClient.Response> group = getWithoutMembers(medium);
    Counted<ScimClient.Response> user = counted(() -> scim.get("/Users/" + users.get(0)));

    assertEquals(200, group.value().status(), group.value().text());
    assertEquals(200, user.value().status(), user.value().text());
    // a user GET is its item plus one Query of its groups; the group GET is its item only
    assertEquals(Map.of("GetItem", 1L, "Query", 1L), user.calls());
    assertEquals(Map.of("GetItem", 1L), group.calls());
    assertTrue(total(group) <= total(user), group.calls() + " vs " + user.calls());
  }

  /**
   * The IdPs' PATCH (no query, 204): no member list is read for an answer without a body, so a
   * member change costs one transaction on a group of any size.
   */
  @Test
  void idpPatchAddsAndRemovesOneMemberWithOneTransactionWhateverTheSize() {
    assertOneTransactionPerMemberChange("", 204);
  }

  /** The same PATCH asking for the group without members: 200, and no member list is read. */
  @Test
  void patchAskingForTheGroupWithoutMembersIsOneTransactionWhateverTheSize() {
    assertOneTransactionPerMemberChange("?excludedAttributes=members", 200);
  }

  @Test
  void idpRemoveByValueIsOneTransactionWhateverTheSize() {
    assertRemoveByValueIsOneTransaction("", 204);
  }

  @Test
  void removeByValueAskingForTheGroupWithoutMembersIsOneTransaction() {
    assertRemoveByValueIsOneTransaction("?excludedAttributes=members", 200);
  }

  /** A write is never answered with an error after it was applied: over the cap, no members. */
  @Test
  void patchAskingForTheRepresentationOfABigGroupAnswersItWithoutMembers() {
    String user = users.get(4);
    Map<String, String> representation = Map.of("Prefer", "return=representation");

    ScimClient.Response added = scim.patch("/Groups/" + big, add(user), representation);

    assertEquals(200, added.status(), added.text());
    assertEquals(big, added.json().path("id").asText());
    assertFalse(added.json().has("members"), "a 100,000-member list in a PATCH answer");
    assertEquals(1, isMember(big, user).value().json().path("totalResults").asInt());
    assertEquals(200, scim.patch("/Groups/" + big, removeByFilter(user), representation).status());
    assertEquals(0, isMember(big, user).value().json().path("totalResults").asInt());
  }

  /** Okta's add and remove-by-filter of one member, on the big and the small group. */
  private void assertOneTransactionPerMemberChange(String query, int status) {
    String user = users.get(1);
    Counted<ScimClient.Response> addBig = patch(big, query, add(user));
    Counted<ScimClient.Response> addSmall = patch(small, query, add(user));
    assertEquals(1, isMember(big, user).value().json().path("totalResults").asInt());
    Counted<ScimClient.Response> removeBig = patch(big, query, removeByFilter(user));
    Counted<ScimClient.Response> removeSmall = patch(small, query, removeByFilter(user));

    for (Counted<ScimClient.Response> r : List.of(addBig, addSmall, removeBig, removeSmall)) {
      assertEquals(status, r.value().status(), r.value().text());
      assertFalse(r.value().json().has("members"), r.value().text());
      assertEquals(1, r.calls().getOrDefault("TransactWriteItems", 0L), r.calls().toString());
      assertFalse(r.calls().containsKey("Query"), "read members: " + r.calls());
    }
    assertEquals(addSmall.calls(), addBig.calls());
    assertEquals(removeSmall.calls(), removeBig.calls());
    assertEquals(addSmall.capacity(), addBig.capacity());
    assertEquals(removeSmall.capacity(), removeBig.capacity());
    assertEquals(0, isMember(big, user).value().json().path("totalResults").asInt());
  }

  /** Entra ID's {@code Remove} with {@code path: members} and a value array. */
  private void assertRemoveByValueIsOneTransaction(String query, int status) {
    String user = users.get(2);
    assertEquals(status, patch(big, query, add(user)).value().status());
    assertEquals(1, isMember(big, user).value().json().path("totalResults").asInt());

    Counted<ScimClient.Response> remove = patch(big, query, removeByValue(user));

    assertEquals(status, remove.value().status(), remove.value().text());
    assertEquals(
        1, remove.calls().getOrDefault("TransactWriteItems", 0L), remove.calls().toString());
    assertFalse(remove.calls().containsKey("Query"), "read members: " + remove.calls());
    assertEquals(0, isMember(big, user).value().json().path("totalResults").asInt());
  }

  @Test
  void membershipFilterFindsOneMemberWithTheSameCallsWhateverTheSize() {
    Counted<ScimClient.Response> inBig = isMember(big, member);
    Counted<ScimClient.Response> inSmall = isMember(small, member);
    Counted<ScimClient.Response> notInBig = isMember(big, users.get(3));

    for (Counted<ScimClient.Response> r : List.of(inBig, inSmall, notInBig)) {
      assertEquals(200, r.value().status(), r.value().text());
    }
    assertEquals(1, inBig.value().json().path("totalResults").asInt(), inBig.value().text());
    JsonNode found = inBig.value().json().path("Resources").get(0);
    assertEquals(big, found.path("id").asText());
    assertFalse(found.has("members"), found.toString());
    assertEquals(0, notInBig.value().json().path("totalResults").asInt());
    assertEquals(inSmall.calls(), inBig.calls());
    assertEquals(inBig.calls(), notInBig.calls());
    // the group's item and the membership item (GetItem or BatchGetItem), never a Query
    assertEquals(2, total(inBig), inBig.calls().toString());
    assertFalse(inBig.calls().containsKey("Query"), inBig.calls().toString());
  }

  @Test
  void membersFilterAloneReadsTheUsersGroupsNotTheMembers() {
    Counted<ScimClient.Response> r =
        counted(
            () ->
                scim.get(
                    "/Groups?excludedAttributes=members&filter="
                        + q("members[value eq \"" + member + "\"]")));

    assertEquals(200, r.value().status(), r.value().text());
    assertEquals(3, r.value().json().path("totalResults").asInt(), r.value().text());
    // the user's reverse partition (1 Query), then each group's item and membership item
    assertEquals(1, r.calls().getOrDefault("Query", 0L), r.calls().toString());
  }

  // ---------------------------------------------------------------- helpers

  /**
   * A response with the DynamoDB calls (by operation, the authorizer's left out) and capacity units
   * (the authorizer's included: the same for every request) it cost.
   */
  private record Counted<T>(T value, Map<String, Long> calls, double capacity) {}

  private synchronized <T> Counted<T> counted(Supplier<T> request) {
    counting.reset();
    T value = request.get();
    Map<String, Long> calls = new TreeMap<>(counting.callsByOperation());
    authorizerCalls.forEach((op, n) -> calls.merge(op, -n, Long::sum));
    calls.values().removeIf(n -> n == 0);
    assertTrue(calls.values().stream().allMatch(n -> n > 0), "fewer calls than the authorizer's");
    return new Counted<>(value, calls, counting.consumedCapacityUnits());
  }

  private static long total(Counted<?> c) {
    return c.calls().values().stream().mapToLong(Long::longValue).sum();
  }

  private Counted<ScimClient.Response> patch(String groupId, String query, String body) {
    return counted(() -> scim.patch("/Groups/" + groupId + query, body));
  }

  private Counted<ScimClient.Response> getWithoutMembers(String groupId) {
    return counted(() -> scim.get("/Groups/" + groupId + "?excludedAttributes=members"));
  }

  /** Entra ID's membership test. */
  private Counted<ScimClient.Response> isMember(String groupId, String userId) {
    String filter = "id eq \"" + groupId + "\" and members[value eq \"" + userId + "\"]";
    return counted(() -> scim.get("/Groups?excludedAttributes=members&filter=" + q(filter)));
  }

  private String createGroup(String displayName) {
    ScimClient.Response r =
        scim.post(
            "/Groups",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s"}
            """
                .formatted(displayName));
    assertEquals(201, r.status(), r.text());
    return r.json().path("id").asText();
  }

  private String createUser(String userName) {
    ScimClient.Response r =
        scim.post(
            "/Users",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true}
            """
                .formatted(userName));
    assertEquals(201, r.status(), r.text());
    return r.json().path("id").asText();
  }

  private static List<String> randomIds(int n) {
    return IntStream.range(0, n).mapToObj(i -> UUID.randomUUID().toString()).toList();
  }

  /** Okta's add. */
  private static String add(String userId) {
    return """
        {"schemas":["%s"],"Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}
        """
        .formatted(PATCH_OP, userId);
  }

  /** Okta's remove by filter. */
  private static String removeByFilter(String userId) {
    return """
        {"schemas":["%s"],"Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}
        """
        .formatted(PATCH_OP, userId);
  }

  /** Entra ID's remove by value. */
  private static String removeByValue(String userId) {
    return """
        {"schemas":["%s"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"%s"}]}]}
        """
        .formatted(PATCH_OP, userId);
  }
}
