package dev.scimserverless.store.dynamodb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP "DynamoDB" on 127.0.0.1 that misbehaves on every request, to drive a real SDK client
 * (HTTP client, retry strategy, timeouts) through failures no emulator produces: it either answers
 * every request with a {@code ThrottlingException} or never answers at all. Counts the requests it
 * received (the SDK's attempts). Close it to release the requests it holds.
 */
final class FakeDynamoDbEndpoint implements AutoCloseable {
  /** What the endpoint does with each request. */
  enum Behaviour {
    /** HTTP 400 with DynamoDB's JSON error of type {@code ThrottlingException}. */
    THROTTLE,
    /** Reads the request and never answers (a hung endpoint). */
    HANG
  }

  private static final String THROTTLING_BODY =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
          + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}";

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();

  FakeDynamoDbEndpoint(Behaviour behaviour) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", exchange -> handle(exchange, behaviour));
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Requests received so far: one per attempt of the SDK. */
  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange, Behaviour behaviour) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      requests.incrementAndGet();
      if (behaviour == Behaviour.HANG) {
        released.await(60, TimeUnit.SECONDS);
        return;
      }
      byte[] body = THROTTLING_BODY.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
      exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-" + requests.get());
      exchange.sendResponseHeaders(400, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
