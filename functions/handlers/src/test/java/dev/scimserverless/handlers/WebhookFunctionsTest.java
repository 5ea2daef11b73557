package dev.scimserverless.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.scimserverless.core.events.RetryPolicy;
import dev.scimserverless.core.events.StandardWebhooks;
import dev.scimserverless.core.events.WebhookSink;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.store.dynamodb.ChangeItems;
import dev.scimserverless.store.memory.InMemoryWebhookDeliveries;
import dev.scimserverless.store.memory.InMemoryWebhookSubscriptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS webhook path: stream records to one FIFO message per subscription and event (the Events
 * function's WebhookFanout), and one signed attempt per message with partial batch responses and
 * backoff (WebhookDelivery function).
 */
class WebhookFunctionsTest {
  final InMemoryWebhookSubscriptions subs = new InMemoryWebhookSubscriptions();
  final InMemoryWebhookDeliveries deliveries = new InMemoryWebhookDeliveries();
  final List<WebhookMessage> queued = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Duration> retried = new ConcurrentHashMap<>();
  final WebhookQueue queue =
      new WebhookQueue() {
        @Override
        public void send(List<WebhookMessage> messages) {
          queued.addAll(messages);
        }

        @Override
        public void retryIn(String receiptHandle, Duration delay) {
          retried.put(receiptHandle, delay);
        }
      };
  final List<String> received = Collections.synchronizedList(new ArrayList<>());
  final List<String[]> signed = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Integer> answers = new ConcurrentHashMap<>();
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  String consumer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String path = x.getRequestURI().getPath();
          received.add(path + " " + x.getRequestHeaders().getFirst("webhook-id") + " " + body);
          signed.add(
              new String[] {
                path,
                x.getRequestHeaders().getFirst("webhook-id"),
                x.getRequestHeaders().getFirst("webhook-timestamp"),
                body,
                x.getRequestHeaders().getFirst("webhook-signature")
              });
          x.sendResponseHeaders(answers.getOrDefault(path, 204), -1);
          x.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  WebhookSubscription sub(String id, String url, List<String> types) {
    WebhookSubscription s =
        new WebhookSubscription(
            "acme",
            id,
            url,
            types,
            StandardWebhooks.newSecret(),
            Instant.parse("2025-01-01T00:00:00Z"));
    subs.add(s);
    return s;
  }

  @Test
  void eachEventBecomesOneMessagePerSubscriptionThatTakesItInItsOwnGroup() {
    sub("wh_0000000000000001", "https://a.example/h", List.of());
    sub("wh_0000000000000002", "https://b.example/h", List.of("group.member_added"));
    sub("wh_0000000000000003", "https://c.example/h", List.of("user.deleted"));
    ObjectNode event =
        EventsHandlerTest.streamEvent(
            EventsHandlerTest.record(
                "INSERT",
                "1",
                ChangeItems.changeItem(
                    EventsHandlerTest.members("c1", List.of("u1", "u2")), Duration.ofDays(1))),
            EventsHandlerTest.record("MODIFY", "2", Map.of()));
    List<String> published = new ArrayList<>();
    JsonNode response =
        new EventsHandler(
                events -> events.forEach(e -> published.add(e.id())),
                java.util.Optional.of(new WebhookFanout(subs, queue)))
            .handle(event);

    assertEquals(0, response.path("batchItemFailures").size());
    assertEquals(List.of("c1.0", "c1.1"), published, "the bus gets them too");
    assertEquals(
        List.of(
            "acme#wh_0000000000000001 c1.0",
            "acme#wh_0000000000000002 c1.0",
            "acme#wh_0000000000000001 c1.1",
            "acme#wh_0000000000000002 c1.1"),
        queued.stream().map(m -> m.group() + " " + m.eventId()).toList());
    WebhookMessage m = queued.get(0);
    assertEquals("group.member_added", m.type());
    assertEquals("c1.0", Json.parse(m.body()).path("id").asText());
    assertEquals(m, WebhookMessage.fromJson(m.toJson()));
    assertEquals("wh_0000000000000001:c1.0", m.deduplicationId());
  }

  static ObjectNode sqs(String id, String group, WebhookMessage m, int receiveCount) {
    ObjectNode r = Json.object();
    r.put("messageId", id);
    r.put("receiptHandle", "rh-" + id);
    r.put("body", m.toJson());
    r.putObject("attributes")
        .put("MessageGroupId", group)
        .put("ApproximateReceiveCount", Integer.toString(receiveCount))
        .put("SentTimestamp", Long.toString(System.currentTimeMillis()));
    return r;
  }

  @Test
  void aFailingSubscriptionWaitsInOrderWithBackoffWhileTheOthersAreDelivered() throws Exception {
    String base = consumer();
    WebhookSubscription down = sub("wh_00000000000000d0", base + "/down", List.of());
    WebhookSubscription up = sub("wh_00000000000000a0", base + "/up", List.of());
    answers.put("/down", 503);
    WebhookMessage d1 =
        new WebhookMessage("acme", down.id(), "c1.0", "user.created", "{\"id\":\"c1.0\"}");
    WebhookMessage d2 =
        new WebhookMessage("acme", down.id(), "c2.0", "user.updated", "{\"id\":\"c2.0\"}");
    WebhookMessage u1 =
        new WebhookMessage("acme", up.id(), "c1.0", "user.created", "{\"id\":\"c1.0\"}");
    ObjectNode event = Json.object();
    ArrayNode records = event.putArray("Records");
    records.add(sqs("m1", d1.group(), d1, 3));
    records.add(sqs("m2", d2.group(), d2, 1));
    records.add(sqs("m3", u1.group(), u1, 1));

    JsonNode response =
        new WebhookDeliveryHandler(subs, new WebhookSink(RetryPolicy.STANDARD, deliveries), queue)
            .handle(event);

    List<String> failed = new ArrayList<>();
    response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
    assertEquals(List.of("m1", "m2"), failed, "the failing group waits, in order");
    assertEquals(Map.of("rh-m1", Duration.ofSeconds(4)), retried, "backoff of the third attempt");
    assertEquals(
        List.of("/down c1.0 {\"id\":\"c1.0\"}", "/up c1.0 {\"id\":\"c1.0\"}"),
        received,
        "the later message of the failing group is not tried; the other group is delivered");
    for (String[] d : signed) {
      String secret = (d[0].equals("/up") ? up : down).secret();
      assertTrue(
          StandardWebhooks.verify(secret, d[1], Long.parseLong(d[2]), d[3], d[4]),
          "signed with the subscription's own secret");
    }
    assertEquals(
        List.of(WebhookDeliveries.Outcome.DELIVERED, WebhookDeliveries.Outcome.RETRYING),
        deliveries.recent("acme", 10).stream().map(WebhookDeliveries.Attempt::outcome).toList());
  }

  @Test
  void aRefusalIsParkedAndARemovedSubscriptionGetsNothing() throws Exception {
    String base = consumer();
    WebhookSubscription gone = sub("wh_00000000000000e0", base + "/gone", List.of());
    answers.put("/gone", 410);
    WebhookMessage m =
        new WebhookMessage("acme", gone.id(), "c1.0", "user.created", "{\"id\":\"c1.0\"}");
    ObjectNode event = Json.object();
    event.putArray("Records").add(sqs("m1", m.group(), m, 1));
    WebhookDeliveryHandler handler =
        new WebhookDeliveryHandler(subs, new WebhookSink(RetryPolicy.STANDARD, deliveries), queue);

    assertEquals(0, handler.handle(event).path("batchItemFailures").size());
    WebhookDeliveries.DeadLetter letter = deliveries.deadLetters("acme").get(0);
    assertEquals("c1.0", letter.eventId());
    assertEquals(410, letter.lastStatus().orElseThrow());
    assertEquals("{\"id\":\"c1.0\"}", letter.body());

    subs.remove("acme", gone.id());
    assertEquals(0, handler.handle(event).path("batchItemFailures").size());
    assertEquals(1, received.size(), "nothing to a removed subscription");
    assertTrue(retried.isEmpty());
  }
}
