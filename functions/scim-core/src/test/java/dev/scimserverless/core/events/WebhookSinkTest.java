package dev.scimserverless.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.scimserverless.core.json.Json;
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
    DeadLetters dead = new DeadLetters();
    WebhookSink sink =
        new WebhookSink(t -> Optional.of(new WebhookSink.Endpoint(url, secret)), FAST, dead);

    sink.deliver("acme", event());

    assertEquals(4, received.size(), "three 500s, then delivered");
    for (Received r : received) {
      assertEquals("c1.0", r.id());
      assertEquals(event().toJsonText(), r.body());
      assertTrue(
          StandardWebhooks.verify(
              secret, r.id(), Long.parseLong(r.timestamp()), r.body(), r.signature()));
    }
    assertEquals(List.of(), dead.list());
  }

  @Test
  void clientErrorsAreParkedAtOnceAndRetriesEndInTheDeadLetterStore() throws Exception {
    URI url = start();
    String secret = StandardWebhooks.newSecret();
    DeadLetters dead = new DeadLetters();
    failuresLeft.set(1);
    failWith = 400;
    new WebhookSink(t -> Optional.of(new WebhookSink.Endpoint(url, secret)), FAST, dead)
        .deliver("acme", event());
    assertEquals(1, received.size());
    assertEquals(Optional.of(400), dead.list().get(0).lastStatus());

    failuresLeft.set(1_000_000);
    failWith = 429;
    RetryPolicy brief =
        new RetryPolicy(
            Duration.ofMillis(5),
            Duration.ofMillis(5),
            Duration.ofMillis(60),
            Duration.ofSeconds(2));
    new WebhookSink(t -> Optional.of(new WebhookSink.Endpoint(url, secret)), brief, dead)
        .deliver("acme", event());
    DeadLetters.Letter letter = dead.list().get(1);
    assertEquals(Optional.of(429), letter.lastStatus());
    assertTrue(letter.attempts() > 1);
    assertEquals("c1.0", letter.event().id());
  }

  @Test
  void backoffDoublesUpToItsMaximum() {
    RetryPolicy p = RetryPolicy.STANDARD;
    assertEquals(Duration.ofSeconds(1), p.delay(1));
    assertEquals(Duration.ofSeconds(8), p.delay(4));
    assertEquals(Duration.ofHours(1), p.delay(40));
  }
}
