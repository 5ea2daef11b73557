package dev.scimserverless.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.scimserverless.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A webhook consumer for the tests: records every delivery (headers and body), answers 204, or
 * {@link #failWith} (500) for the next {@link #failNext} requests, and can be slow.
 */
final class WebhookReceiver implements AutoCloseable {
  /** One delivery as received. */
  record Delivery(String id, String timestamp, String signature, String body, int answered) {
    JsonNode json() {
      return Json.parse(body);
    }
  }

  private final HttpServer server;
  private final List<Delivery> deliveries = new ArrayList<>();
  final AtomicInteger failNext = new AtomicInteger();

  /** What a failing answer is (500 unless a test says otherwise). */
  volatile int failWith = 500;

  volatile long delayMillis;

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/hook",
        exchange -> {
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (delayMillis > 0) {
              try {
                Thread.sleep(delayMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failWith : 204;
            synchronized (deliveries) {
              deliveries.add(
                  new Delivery(
                      exchange.getRequestHeaders().getFirst("webhook-id"),
                      exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                      exchange.getRequestHeaders().getFirst("webhook-signature"),
                      body,
                      status));
            }
            exchange.sendResponseHeaders(status, -1);
          }
        });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  /** Every delivery, in arrival order (failed ones included). */
  List<Delivery> all() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  /** The accepted deliveries, first of each id only, in arrival order. */
  List<Delivery> accepted() {
    Map<String, Delivery> first = new LinkedHashMap<>();
    for (Delivery d : all()) {
      if (d.answered() < 300) {
        first.putIfAbsent(d.id(), d);
      }
    }
    return List.copyOf(first.values());
  }

  /** Waits (at most 60 s) until the accepted deliveries satisfy the condition. */
  List<Delivery> awaitAccepted(Predicate<List<Delivery>> done) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<Delivery> now = accepted();
      if (done.test(now)) {
        return now;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return accepted();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
