package dev.scimserverless.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.WebhookDeliveries;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deliveries: signed as Standard Webhooks says, retried on 5xx/429, parked with a last status. */
class WebhookSinkTest {
  static final RetryPolicy FAST =
      new RetryPolicy(
          Duration.ofMillis(5),
          Duration.ofMillis(20),
          Duration.ofSeconds(5),
          Duration.ofSeconds(2));

  record Received(String id, String timestamp, String signature, String body) {}

  final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger failuresLeft = new AtomicInteger();
  volatile int failWith = 500;
  HttpServer server;

  URI start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(
                  exchange.getRequestHeaders().getFirst("webhook-id"),
                  exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                  exchange.getRequestHeaders().getFirst("webhook-signature"),
                  body));
          int status = failuresLeft.getAndDecrement() > 0 ? failWith : 204;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  static ProvisioningEvent event() {
    return new ProvisioningEvent(
        "c1.0",
        "user.created",
        "acme",
        Instant.parse("2025-03-10T12:00:00Z"),
        "User",
        "u1",
        1,
        List.of("userName"),
        Json.parse("{\"id\":\"u1\"}"),
        "tok",
        "req",
        ProvisioningEvents.SCIM_CREATE);
  }

  @Test
  void retriesServerErrorsWithTheSameIdAndASignatureThatVerifies() throws Exception {
    URI url = start();
    String secret = StandardWebhooks.newSecret();
    failuresLeft.set(3);
    RecordingDeliveries dead = new RecordingDeliveries();
    WebhookSink sink = new WebhookSink(FAST, dead);

    sink.deliver(new WebhookSink.Endpoint(url, secret), "acme", event());

    assertEquals(4, received.size(), "three 500s, then delivered");
    for (Received r : received) {
      assertEquals("c1.0", r.id());
      assertEquals(event().toJsonText(), r.body());
      assertTrue(
          StandardWebhooks.verify(
              secret, r.id(), Long.parseLong(r.timestamp()), r.body(), r.signature()));
    }
    assertEquals(List.of(), dead.deadLetters("acme"));
    assertEquals(
        List.of(
            WebhookDeliveries.Outcome.RETRYING,
            WebhookDeliveries.Outcome.RETRYING,
            WebhookDeliveries.Outcome.RETRYING,
            WebhookDeliveries.Outcome.DELIVERED),
        dead.attempts.stream().map(WebhookDeliveries.Attempt::outcome).toList(),
        "every attempt is recorded");
  }

  @Test
  void clientErrorsAreParkedAtOnceAndRetriesEndInTheDeadLetterStore() throws Exception {
    URI url = start();
    String secret = StandardWebhooks.newSecret();
    RecordingDeliveries dead = new RecordingDeliveries();
    failuresLeft.set(1);
    failWith = 400;
    WebhookSink.Endpoint endpoint = new WebhookSink.Endpoint(url, secret);
    new WebhookSink(FAST, dead).deliver(endpoint, "acme", event());
    assertEquals(1, received.size());
    assertEquals(Optional.of(400), dead.deadLetters("acme").get(0).lastStatus());

    failuresLeft.set(1_000_000);
    failWith = 429;
    RetryPolicy brief =
        new RetryPolicy(
            Duration.ofMillis(5),
            Duration.ofMillis(5),
            // a window that holds several 5 ms retries even on a loaded machine
            Duration.ofSeconds(1),
            Duration.ofSeconds(2));
    new WebhookSink(brief, dead).deliver(endpoint, "acme", event());
    WebhookDeliveries.DeadLetter letter = dead.deadLetters("acme").get(1);
    assertEquals(Optional.of(429), letter.lastStatus());
    assertTrue(letter.attempts() > 1);
    assertEquals("c1.0", letter.eventId());
    assertEquals(event().toJsonText(), letter.body());
  }

  @Test
  void aReplayedDeadLetterHasTheSameIdAndBodyAndLeavesTheStoreOnceDelivered() throws Exception {
    URI url = start();
    String secret = StandardWebhooks.newSecret();
    RecordingDeliveries dead = new RecordingDeliveries();
    WebhookSink sink = new WebhookSink(FAST, dead);
    WebhookSink.Endpoint endpoint = new WebhookSink.Endpoint(url, secret);
    failuresLeft.set(2);
    failWith = 410;
    sink.deliver(endpoint, "acme", event());
    WebhookDeliveries.DeadLetter letter = dead.deadLetters("acme").get(0);
    assertEquals(1, letter.attempts());

    WebhookSink.Result again = sink.replay(letter, endpoint);
    assertEquals(Optional.of(410), again.status(), "still refused: still parked");
    assertEquals(2, dead.deadLetter("acme", letter.id()).orElseThrow().attempts());

    WebhookSink.Result delivered =
        sink.replay(dead.deadLetter("acme", letter.id()).get(), endpoint);
    assertTrue(delivered.delivered());
    assertEquals(List.of(), dead.deadLetters("acme"));
    assertEquals(3, received.size());
    for (Received r : received) {
      assertEquals("c1.0", r.id());
      assertEquals(event().toJsonText(), r.body());
      assertTrue(
          StandardWebhooks.verify(
              secret, r.id(), Long.parseLong(r.timestamp()), r.body(), r.signature()));
    }
  }

  @Test
  void anEndpointTakesOnlyItsTypesAndNothingOlderThanItself() throws Exception {
    URI url = start();
    String secret = StandardWebhooks.newSecret();
    RecordingDeliveries dead = new RecordingDeliveries();
    WebhookSink sink = new WebhookSink(FAST, dead);
    sink.deliver(
        new WebhookSink.Endpoint("wh_1", url, secret, List.of("group.created"), Instant.EPOCH),
        "acme",
        event());
    sink.deliver(
        new WebhookSink.Endpoint(
            "wh_2", url, secret, List.of(), Instant.parse("2025-03-10T12:00:01Z")),
        "acme",
        event());
    assertEquals(List.of(), received);
    sink.deliver(
        new WebhookSink.Endpoint(
            "wh_3", url, secret, List.of("user.created"), Instant.parse("2025-03-10T12:00:00Z")),
        "acme",
        event());
    assertEquals(1, received.size());
    assertEquals("wh_3", dead.attempts.get(0).subscription());
  }

  @Test
  void backoffDoublesUpToItsMaximum() {
    RetryPolicy p = RetryPolicy.STANDARD;
    assertEquals(Duration.ofSeconds(1), p.delay(1));
    assertEquals(Duration.ofSeconds(8), p.delay(4));
    assertEquals(Duration.ofHours(1), p.delay(40));
  }
}
