package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.events.ProvisioningEvent;
import dev.scimserverless.core.events.ProvisioningEvents;
import dev.scimserverless.core.events.RetryPolicy;
import dev.scimserverless.core.events.StandardWebhooks;
import dev.scimserverless.core.events.WebhookSink;
import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.TenantDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Provisioning events end to end (issue 9): an Okta and an Entra ID lifecycle against the local
 * endpoint with a webhook, every delivery verified by the npm {@code standardwebhooks} package and
 * by our own code; refused requests yield no event; the relay stopped, killed mid-batch, or facing
 * a consumer that answers 500 for a while still delivers every event, a redelivery with the same
 * id. Subscriptions added through the Admin API get their tenant's events signed with their own
 * secret, filtered by type, nothing after their removal; a refused delivery is parked, listed and
 * replayed with the same webhook-id.
 */
abstract class EventsContract {
  static final String ORG = "acme";
  static final String TOKEN = "scim_events_token_0123456789abcdef";
  static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
  static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  static final RetryPolicy FAST =
      new RetryPolicy(
          Duration.ofMillis(10),
          Duration.ofMillis(100),
          Duration.ofMinutes(10),
          Duration.ofSeconds(5));

  /** Starts the endpoint on a fresh store of the adapter under test. */
  protected abstract LocalEndpoint startEndpoint(Map<String, String> tenants) throws IOException;

  /** The store's outbox and directory (after {@link #startEndpoint}). */
  protected abstract ChangeOutbox outbox();

  protected abstract TenantDirectory directory();

  /** The relay's lookback for this store. */
  protected abstract Duration lookback();

  /** The settings {@link #startEndpoint} started with (its webhook stores are the relay's). */
  protected abstract LocalEndpoint.Settings settings();

  LocalEndpoint endpoint;
  WebhookReceiver receiver;
  LocalEvents events;
  String secret;
  ScimClient c;

  @BeforeEach
  void start() throws IOException {
    endpoint = startEndpoint(Map.of(ORG, TOKEN));
    receiver = new WebhookReceiver();
    secret = StandardWebhooks.newSecret();
    events = startRelay();
    c = ScimClient.bearer(endpoint.baseUrl(), TOKEN);
  }

  LocalEvents startRelay() {
    return LocalEvents.start(
        outbox(),
        directory(),
        Optional.of(new WebhookSink.Endpoint(receiver.url(), secret)),
        settings().webhooks(),
        settings().webhookDeliveries(),
        FAST,
        lookback(),
        Duration.ofMillis(10));
  }

  @AfterEach
  void stop() {
    events.close();
    receiver.close();
    endpoint.close();
  }

  // ---------------------------------------------------------------- lifecycles

  record Ids(String a, String b, String c, String group) {}

  String create(String path, String body) {
    ScimClient.Response r = c.post(path, body);
    assertEquals(201, r.status(), r.text());
    return r.json().path("id").asText();
  }

  void ok(ScimClient.Response r) {
    assertTrue(r.status() == 200 || r.status() == 204, r.status() + " " + r.text());
  }

  static String patch(String operations) {
    return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + operations + "]}";
  }

  String oktaUser(String userName) {
    return """
        {"schemas":["%s"],"userName":"%s","active":true,
         "name":{"givenName":"Barbara","familyName":"Jensen"},
         "emails":[{"primary":true,"value":"%s","type":"work"}],
         "password":"Pa55w0rd-secret"}
        """
        .formatted(USER_SCHEMA, userName, userName);
  }

  /** Requests the service refuses (409, 412, 400): none may yield an event. */
  void refused(String userId, String takenUserName) {
    assertEquals(409, c.post("/Users", oktaUser(takenUserName)).status());
    assertEquals(
        412,
        c.patch(
                "/Users/" + userId,
                patch("{\"op\":\"replace\",\"value\":{\"nickName\":\"x\"}}"),
                Map.of("If-Match", "W/\"1\""))
            .status());
    assertEquals(400, c.post("/Users", "{\"schemas\":[\"" + USER_SCHEMA + "\"]}").status());
    assertEquals(
        400, c.patch("/Groups/nope", patch("{\"op\":\"explode\",\"path\":\"members\"}")).status());
  }

  Ids okta() {
    String a = create("/Users", oktaUser("okta.a@example.com"));
    ok(
        c.patch(
            "/Users/" + a,
            patch("{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Babs\"}")));
    ok(c.patch("/Users/" + a, patch("{\"op\":\"replace\",\"value\":{\"active\":false}}")));
    ok(c.patch("/Users/" + a, patch("{\"op\":\"replace\",\"value\":{\"active\":true}}")));
    String b = create("/Users", oktaUser("okta.b@example.com"));
    String u3 = create("/Users", oktaUser("okta.c@example.com"));
    refused(a, "okta.a@example.com");
    String g =
        create(
            "/Groups",
            "{\"schemas\":[\""
                + GROUP_SCHEMA
                + "\"],\"displayName\":\"GPT-4 Access\",\"members\":[]}");
    ok(
        c.patch(
            "/Groups/" + g,
            patch(
                "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"%s\",\"display\":\"a\"},{\"value\":\"%s\"},{\"value\":\"%s\"}]}"
                    .formatted(a, b, u3))));
    ok(
        c.patch(
            "/Groups/" + g,
            patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"%s\\\"]\"}".formatted(u3))));
    ok(
        c.patch(
            "/Groups/" + g,
            patch(
                "{\"op\":\"replace\",\"value\":{\"id\":\"%s\",\"displayName\":\"GPT-5 Access\"}}"
                    .formatted(g))));
    assertEquals(204, c.delete("/Users/" + b).status());
    assertEquals(204, c.delete("/Groups/" + g).status());
    return new Ids(a, b, u3, g);
  }

  String entraUser(String userName) {
    return """
        {"schemas":["%s","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "externalId":"%s","userName":"%s","active":true,
         "emails":[{"primary":true,"type":"work","value":"%s"}],
         "meta":{"resourceType":"User"},
         "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},
         "roles":[]}
        """
        .formatted(USER_SCHEMA, java.util.UUID.randomUUID(), userName, userName);
  }

  Ids entra() {
    String a = create("/Users", entraUser("entra.a@contoso.com"));
    ok(
        c.patch(
            "/Users/" + a,
            patch(
                "{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Ryan Leenay\"},"
                    + "{\"op\":\"Add\",\"path\":\"title\",\"value\":\"Engineer\"}")));
    ok(
        c.patch(
            "/Users/" + a, patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}")));
    ok(
        c.patch(
            "/Users/" + a, patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}")));
    String b = create("/Users", entraUser("entra.b@contoso.com"));
    String u3 = create("/Users", entraUser("entra.c@contoso.com"));
    refused(a, "entra.a@contoso.com");
    String g =
        create(
            "/Groups",
            "{\"schemas\":[\""
                + GROUP_SCHEMA
                + "\"],\"externalId\":\"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159\",\"displayName\":\"Sales\",\"members\":[]}");
    ok(
        c.patch(
            "/Groups/" + g,
            patch(
                "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"%s\"},{\"value\":\"%s\"},{\"value\":\"%s\"}]}"
                    .formatted(a, b, u3))));
    ok(
        c.patch(
            "/Groups/" + g,
            patch(
                "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"%s\"}]}"
                    .formatted(u3))));
    ok(
        c.patch(
            "/Groups/" + g,
            patch("{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Sales EMEA\"}")));
    assertEquals(204, c.delete("/Users/" + b).status());
    assertEquals(204, c.delete("/Groups/" + g).status());
    return new Ids(a, b, u3, g);
  }

  /** What the lifecycle must yield, per resource, in order (member adds in any order). */
  static Map<String, List<String>> expected(Ids ids) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    out.put(
        "User/" + ids.a(),
        List.of("user.created", "user.updated", "user.deactivated", "user.reactivated"));
    out.put("User/" + ids.b(), List.of("user.created", "user.deleted"));
    out.put("User/" + ids.c(), List.of("user.created"));
    out.put(
        "Group/" + ids.group(),
        List.of(
            "group.created",
            "group.member_added",
            "group.member_added",
            "group.member_added",
            "group.member_removed",
            "group.updated",
            "group.member_removed",
            "group.deleted"));
    return out;
  }

  static final int LIFECYCLE_EVENTS = 15;

  static Map<String, List<String>> typesByResource(List<JsonNode> events) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode e : events) {
      String key =
          e.path("resource").path("type").asText() + "/" + e.path("resource").path("id").asText();
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(e.path("type").asText());
    }
    return out;
  }

  List<JsonNode> awaitEvents(int n) {
    List<WebhookReceiver.Delivery> got = receiver.awaitAccepted(d -> d.size() >= n);
    return got.stream().map(WebhookReceiver.Delivery::json).toList();
  }

  void assertLifecycle(Ids ids) {
    List<JsonNode> got = awaitEvents(LIFECYCLE_EVENTS);
    assertEquals(expected(ids), typesByResource(got), "exactly the expected events, in order");

    List<JsonNode> group =
        got.stream()
            .filter(e -> e.path("resource").path("id").asText().equals(ids.group()))
            .toList();
    Set<String> added = new TreeSet<>();
    for (JsonNode e : group.subList(1, 4)) {
      assertEquals(ids.group(), e.path("data").path("group").asText());
      added.add(e.path("data").path("user").asText());
    }
    assertEquals(new TreeSet<>(List.of(ids.a(), ids.b(), ids.c())), added);
    assertEquals(ids.c(), group.get(4).path("data").path("user").asText());
    assertTrue(group.get(5).path("changed").toString().contains("displayName"));
    assertEquals(ids.b(), group.get(6).path("data").path("user").asText(), "the deleted user left");

    for (JsonNode e : got) {
      assertEquals(ORG, e.path("tenant").asText());
      assertTrue(e.path("actor").asText().startsWith("tok_"), e.toString());
      assertFalse(e.path("requestId").asText().isEmpty());
      assertTrue(e.path("scimEvent").asText().startsWith("urn:ietf:params:SCIM:event:prov:"));
      assertFalse(e.toString().contains("Pa55w0rd"), "never a password");
    }
    JsonNode deactivated =
        got.stream()
            .filter(e -> e.path("type").asText().equals("user.deactivated"))
            .findFirst()
            .orElseThrow();
    assertFalse(deactivated.path("data").path("active").asBoolean(true));
    assertEquals(
        "urn:ietf:params:SCIM:event:prov:deactivate", deactivated.path("scimEvent").asText());

    assertSigned(receiver.all());
    // nothing more arrives (the refused requests yielded nothing)
    assertEquals(LIFECYCLE_EVENTS, receiver.accepted().size());
  }

  /** Every delivery verifies, with our code and with the npm standardwebhooks package. */
  void assertSigned(List<WebhookReceiver.Delivery> deliveries) {
    for (WebhookReceiver.Delivery d : deliveries) {
      assertEquals(d.json().path("id").asText(), d.id());
      assertTrue(
          StandardWebhooks.verify(
              secret, d.id(), Long.parseLong(d.timestamp()), d.body(), d.signature()));
    }
    assertEquals("verified " + deliveries.size(), NodeWebhookVerifier.verify(secret, deliveries));
  }

  @Test
  void oktaLifecycleYieldsExactlyTheExpectedEventsSigned() {
    assertLifecycle(okta());
  }

  @Test
  void entraLifecycleYieldsExactlyTheExpectedEventsSigned() {
    assertLifecycle(entra());
  }

  // ---------------------------------------------------------------- crashes

  /** The ids of every event the outbox holds. */
  Set<String> expectedIds() {
    return outbox().changesAfter(ORG, Optional.empty(), 100_000).stream()
        .flatMap(e -> ProvisioningEvents.of(e.change()).stream())
        .map(ProvisioningEvent::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Each id arrived; redeliveries of an id are the same event. */
  void assertAllArrivedOnce(Set<String> expected) {
    List<WebhookReceiver.Delivery> got =
        receiver.awaitAccepted(
            d ->
                d.stream()
                    .map(WebhookReceiver.Delivery::id)
                    .collect(Collectors.toSet())
                    .containsAll(expected));
    assertEquals(
        expected,
        got.stream()
            .map(WebhookReceiver.Delivery::id)
            .collect(Collectors.toCollection(TreeSet::new)));
    Map<String, String> bodies = new HashMap<>();
    for (WebhookReceiver.Delivery d : receiver.all()) {
      String first = bodies.putIfAbsent(d.id(), d.body());
      assertTrue(first == null || first.equals(d.body()), "a redelivery is the same event");
    }
  }

  @Test
  void aRelayStoppedBetweenTheWriteAndTheDeliveryDeliversAfterItsRestart() {
    events.close();
    Ids ids = okta();
    Set<String> expected = expectedIds();
    assertEquals(LIFECYCLE_EVENTS, expected.size());
    assertEquals(List.of(), receiver.all(), "nothing delivered while stopped");

    events = startRelay();
    assertAllArrivedOnce(expected);
    assertEquals(
        expected(ids),
        typesByResource(receiver.accepted().stream().map(WebhookReceiver.Delivery::json).toList()));
  }

  @Test
  void aRelayKilledInTheMiddleOfABatchDeliversEveryEventAfterItsRestart() {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      users.add(create("/Users", oktaUser("batch" + i + "@example.com")));
    }
    receiver.delayMillis = 20;
    String g =
        create("/Groups", "{\"schemas\":[\"" + GROUP_SCHEMA + "\"],\"displayName\":\"Big\"}");
    String members =
        users.stream().map(u -> "{\"value\":\"" + u + "\"}").collect(Collectors.joining(","));
    ok(
        c.patch(
            "/Groups/" + g,
            patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[" + members + "]}")));
    Set<String> expected = expectedIds();
    assertEquals(40 + 1 + 40, expected.size());

    receiver.awaitAccepted(d -> d.size() >= 50);
    events.close(); // mid-batch: the member events are still being delivered
    int before = receiver.accepted().size();
    assertTrue(before < expected.size(), "stopped before the end: " + before);

    receiver.delayMillis = 0;
    events = startRelay();
    assertAllArrivedOnce(expected);
  }

  @Test
  void aConsumerAnswering500ForAWhileReceivesEverythingInOrderOnceItRecovers() {
    receiver.failNext.set(12);
    Ids ids = okta();
    List<JsonNode> got = awaitEvents(LIFECYCLE_EVENTS);
    assertEquals(expected(ids), typesByResource(got));
    assertTrue(
        receiver.all().stream().filter(d -> d.answered() == 500).count() >= 12,
        "the failures were retried");
    assertSigned(receiver.all());
  }

  // ---------------------------------------------------------------- subscriptions

  ScimClient admin() {
    return ScimClient.bearer(endpoint.adminUrl(), endpoint.adminToken());
  }

  /** Adds a subscription through the Admin API: its id and secret. */
  JsonNode subscribe(WebhookReceiver to, String types) {
    ScimClient.Response r =
        admin()
            .post(
                "/tenants/" + ORG + "/webhooks",
                "{\"url\":\""
                    + to.url()
                    + "\""
                    + (types == null ? "" : ",\"types\":" + types)
                    + "}");
    assertEquals(201, r.status(), r.text());
    assertTrue(r.json().path("id").asText().startsWith("wh_"), r.text());
    assertTrue(r.json().path("secret").asText().startsWith("whsec_"), r.text());
    return r.json();
  }

  static void assertVerified(String secret, List<WebhookReceiver.Delivery> deliveries) {
    for (WebhookReceiver.Delivery d : deliveries) {
      assertTrue(
          StandardWebhooks.verify(
              secret, d.id(), Long.parseLong(d.timestamp()), d.body(), d.signature()));
    }
    assertEquals("verified " + deliveries.size(), NodeWebhookVerifier.verify(secret, deliveries));
  }

  @Test
  void subscriptionsGetTheLifecycleSignedWithTheirOwnSecretAndOnlyTheirTypes() {
    try (WebhookReceiver all = new WebhookReceiver();
        WebhookReceiver some = new WebhookReceiver()) {
      JsonNode everything = subscribe(all, null);
      JsonNode filtered = subscribe(some, "[\"user.deactivated\",\"group.member_added\"]");
      ScimClient.Response listed = admin().get("/tenants/" + ORG + "/webhooks");
      assertEquals(200, listed.status(), listed.text());
      assertEquals(2, listed.json().path("webhooks").size());
      assertFalse(listed.text().contains("whsec_"), "a listing never shows a secret");
      assertEquals(
          "[\"user.deactivated\",\"group.member_added\"]",
          listed.json().path("webhooks").path(1).path("types").toString());

      Ids ids = okta();
      // a last deactivation marks the end: a lane delivers in outbox order
      ok(c.patch("/Users/" + ids.a(), patch("{\"op\":\"replace\",\"value\":{\"active\":false}}")));

      List<JsonNode> got =
          all.awaitAccepted(d -> d.size() >= LIFECYCLE_EVENTS + 1).stream()
              .map(WebhookReceiver.Delivery::json)
              .toList();
      Map<String, List<String>> want = expected(ids);
      List<String> a = new ArrayList<>(want.get("User/" + ids.a()));
      a.add("user.deactivated");
      want.put("User/" + ids.a(), a);
      assertEquals(want, typesByResource(got), "the whole lifecycle, in order per resource");
      assertVerified(everything.path("secret").asText(), all.all());

      List<WebhookReceiver.Delivery> few =
          some.awaitAccepted(
              d ->
                  d.stream()
                          .filter(x -> x.json().path("type").asText().equals("user.deactivated"))
                          .count()
                      >= 2);
      assertEquals(
          List.of(
              "user.deactivated",
              "group.member_added",
              "group.member_added",
              "group.member_added",
              "user.deactivated"),
          few.stream().map(d -> d.json().path("type").asText()).toList(),
          "only the types asked for");
      assertVerified(filtered.path("secret").asText(), some.all());
    }
  }

  @Test
  void aRemovedSubscriptionGetsNothingWrittenAfterItsRemoval() {
    try (WebhookReceiver gone = new WebhookReceiver();
        WebhookReceiver stays = new WebhookReceiver()) {
      String goneId = subscribe(gone, null).path("id").asText();
      subscribe(stays, null);
      String first = create("/Users", oktaUser("first@example.com"));
      gone.awaitAccepted(d -> !d.isEmpty());
      stays.awaitAccepted(d -> !d.isEmpty());

      assertEquals(204, admin().delete("/tenants/" + ORG + "/webhooks/" + goneId).status());
      assertEquals(404, admin().delete("/tenants/" + ORG + "/webhooks/" + goneId).status());
      String second = create("/Users", oktaUser("second@example.com"));
      stays.awaitAccepted(d -> d.size() >= 2);

      assertEquals(
          List.of(first),
          gone.all().stream().map(d -> d.json().path("resource").path("id").asText()).toList());
      assertEquals(
          List.of(first, second),
          stays.accepted().stream()
              .map(d -> d.json().path("resource").path("id").asText())
              .toList());
      JsonNode attempts = admin().get("/tenants/" + ORG + "/webhooks/deliveries").json();
      for (JsonNode attempt : attempts.path("deliveries")) {
        assertFalse(
            attempt.path("webhook").asText().equals(goneId)
                && !attempt.path("eventId").asText().equals(gone.all().get(0).id()),
            "no attempt to the removed subscription after its removal: " + attempt);
      }
    }
  }

  @Test
  void aRefusedDeliveryIsParkedListedAndReplayedWithTheSameWebhookId() {
    try (WebhookReceiver refusing = new WebhookReceiver()) {
      refusing.failWith = 410;
      refusing.failNext.set(1_000);
      JsonNode sub = subscribe(refusing, "[\"user.created\"]");
      String user = create("/Users", oktaUser("parked@example.com"));

      JsonNode letter = awaitDeadLetter();
      assertEquals(sub.path("id").asText(), letter.path("webhook").asText());
      assertEquals("user.created", letter.path("type").asText());
      assertEquals(410, letter.path("lastStatus").asInt());
      assertEquals(1, letter.path("attempts").asInt(), "a 410 is not retried");
      WebhookReceiver.Delivery refused = refusing.all().get(0);
      assertEquals(letter.path("eventId").asText(), refused.id());
      assertEquals(user, refused.json().path("resource").path("id").asText());

      ScimClient.Response attempts =
          admin().get("/tenants/" + ORG + "/webhooks/deliveries?limit=10");
      assertEquals(200, attempts.status(), attempts.text());
      assertTrue(attempts.text().contains("\"outcome\":\"parked\""), attempts.text());

      refusing.failNext.set(0);
      String path =
          "/tenants/" + ORG + "/webhooks/dead-letters/" + letter.path("id").asText() + "/replay";
      ScimClient.Response replayed = admin().post(path, null);
      assertEquals(200, replayed.status(), replayed.text());
      assertTrue(replayed.json().path("delivered").asBoolean(), replayed.text());
      assertEquals(204, replayed.json().path("status").asInt());

      List<WebhookReceiver.Delivery> all = refusing.all();
      assertEquals(2, all.size());
      assertEquals(refused.id(), all.get(1).id(), "the same webhook-id");
      assertEquals(refused.body(), all.get(1).body(), "the same body");
      assertVerified(sub.path("secret").asText(), all);
      assertEquals(
          0,
          admin()
              .get("/tenants/" + ORG + "/webhooks/dead-letters")
              .json()
              .path("deadLetters")
              .size());
      assertEquals(404, admin().post(path, null).status(), "replayed once");
    }
  }

  /** Waits (at most 60 s) for the tenant's first dead letter. */
  JsonNode awaitDeadLetter() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      ScimClient.Response r = admin().get("/tenants/" + ORG + "/webhooks/dead-letters");
      assertEquals(200, r.status(), r.text());
      if (r.json().path("deadLetters").size() > 0) {
        assertEquals(1, r.json().path("deadLetters").size(), r.text());
        return r.json().path("deadLetters").path(0);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no dead letter was parked");
  }
}
