package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TenantStore;
import dev.scimserverless.store.memory.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever fails inside the local endpoint, the client gets an answer: the template's DEFAULT_5XX,
 * a 503 SCIM Error with {@code Retry-After} naming the request id; never a connection closed
 * without a status line (what a store failure in the authorizer used to cause).
 */
class EndpointFailureTest {
  static final String TOKEN = "scim_test_token_failure_0123456789";

  /** The store's entry points in one type, for a proxy. */
  interface FullStore extends ScimStore, TenantDirectory {}

  /** The name of the store method that fails, null for none. */
  final AtomicReference<String> failing = new AtomicReference<>();

  final AtomicReference<Throwable> failure = new AtomicReference<>();
  LocalEndpoint endpoint;

  @BeforeEach
  void start() throws IOException {
    FullStore store = failing(FullStore.class, new InMemoryStore());
    Map<String, String> tenants = new LinkedHashMap<>();
    tenants.put("acme", TOKEN);
    endpoint = LocalEndpoint.start(0, store, tenants);
  }

  /** {@code target} behind a proxy that fails the method named {@link #failing}, in every port. */
  private <T> T failing(Class<T> type, Object target) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getName().equals(failing.get())) {
                throw failure.get();
              }
              Object result;
              try {
                result = method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof TenantStore t) {
                return new TenantStore(
                    t.tenant(),
                    failing(ResourceStore.class, t.resources()),
                    failing(MembershipStore.class, t.memberships()));
              }
              return result;
            }));
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  ScimClient client() {
    return ScimClient.bearer(endpoint.baseUrl(), TOKEN);
  }

  static void assertUnavailable(ScimClient.Response r) {
    assertEquals(503, r.status(), r.text());
    assertEquals("application/scim+json", r.header("Content-Type"));
    assertNotNull(r.header("Retry-After"), "Retry-After");
    assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
    JsonNode body = r.json();
    assertEquals(
        "urn:ietf:params:scim:api:messages:2.0:Error", body.get("schemas").get(0).asText());
    assertEquals("503", body.get("status").asText());
    assertTrue(body.get("detail").asText().matches(".*Request id: [0-9a-f-]{36}\\..*"), r.text());
  }

  @Test
  void aStoreFailingInTheAuthorizerIs503NotADroppedConnection() {
    failing.set("findTokenByHash");
    for (Throwable e :
        new Throwable[] {
          new StoreException.Unavailable("DynamoDB not reachable", false, null),
          new StoreException.Unavailable("DynamoDB throttled the request", true, null),
          new IllegalStateException("a bug")
        }) {
      failure.set(e);
      assertUnavailable(client().get("/Users"));
      assertUnavailable(client().post("/Users", "{\"userName\":\"a\"}"));
    }
    failing.set(null);
    assertEquals(200, client().get("/Users").status());
  }

  @Test
  void aFunctionThatThrowsIs503() {
    // the handlers answer 500 for a RuntimeException themselves; what escapes a function (here an
    // Error) is what API Gateway answers with DEFAULT_5XX
    failing.set("get");
    failure.set(new AssertionError("escapes the function"));
    assertUnavailable(client().get("/Users/abc"));
  }

  @Test
  void aStoreFailingInTheFunctionIs503WithRetryAfter() {
    failing.set("get");
    failure.set(new StoreException.Unavailable("DynamoDB not reachable", false, null));
    ScimClient.Response r = client().get("/Users/abc");
    assertEquals(503, r.status(), r.text());
    assertNotNull(r.header("Retry-After"));
  }

  @Test
  void aBodyThatCannotBeReadIs503() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", endpoint.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Type: application/scim+json\r\nContent-Length: 100\r\n\r\n"
                  + "{\"userName\"")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput(); // the body ends 89 bytes early
      String answer = readAll(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
      assertTrue(answer.toLowerCase().contains("\nretry-after: 1"), answer);
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertEquals("503", Json.parse(body).get("status").asText());
    }
  }

  @Test
  void aBodyTooLargeIs413AndTheConnectionStaysUsable() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", endpoint.port())) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      int size = LocalEndpoint.MAX_BODY_BYTES + 1024 * 1024;
      out.write(
          ("POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Type: application/scim+json\r\nContent-Length: "
                  + size
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      for (int sent = 0; sent < size; sent += chunk.length) {
        out.write(chunk, 0, Math.min(chunk.length, size - sent));
      }
      out.flush();
      assertTrue(readResponse(in).startsWith("HTTP/1.1 413 "));
      out.write(
          ("GET /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertTrue(readResponse(in).startsWith("HTTP/1.1 200 "));
    }
  }

  @Test
  void theAnswerIsTheTemplatesDefault5xx() throws Exception {
    // what API Gateway answers in AWS for a failed authorizer or function: the same status and
    // Retry-After as here; the gateway timeout (504) carries one too
    JsonNode responses =
        TemplateRoutesTest.template()
            .path("Resources")
            .path("Api")
            .path("Properties")
            .path("GatewayResponses");
    JsonNode d = responses.path("DEFAULT_5XX");
    assertEquals(503, d.path("StatusCode").asInt());
    assertEquals(
        "'" + LocalEndpoint.RETRY_AFTER_SECONDS + "'",
        d.path("ResponseParameters").path("Headers").path("Retry-After").asText());
    assertTrue(
        responses
            .path("INTEGRATION_TIMEOUT")
            .path("ResponseParameters")
            .path("Headers")
            .path("Retry-After")
            .asText()
            .matches("'[1-9][0-9]*'"));
  }

  static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** One response with a Content-Length body, read off a kept-alive connection. */
  static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed: " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
