package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scimserverless.core.admin.AdminApi;
import dev.scimserverless.core.admin.AdminService;
import dev.scimserverless.core.admin.TenantReads;
import dev.scimserverless.handlers.ConsoleHandler;
import dev.scimserverless.handlers.FakeOidcProvider;
import dev.scimserverless.handlers.console.ConsoleGateway;
import dev.scimserverless.handlers.console.OidcSignIn;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import dev.scimserverless.store.memory.InMemoryConsoleSessions;
import dev.scimserverless.store.memory.InMemoryProvisioningLog;
import dev.scimserverless.store.memory.InMemoryStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The console's AWS sign-in in a real browser: the Console Lambda function ({@link ConsoleHandler},
 * sign-in with OpenID Connect) behind a plain HTTP server that turns each request into the API
 * Gateway event, and a fake Cognito hosted UI ({@link FakeOidcProvider}: a sign-in form, token
 * endpoint, JWKS, logout). The walk is {@code src/test/console/console-cognito.test.mjs}; it saves
 * {@code docs/console/signin-aws.png}.
 */
class ConsoleCognitoBrowserIT {
  static final String EMAIL = "alice@example.com";
  static final String PASSWORD = "Correct-Horse-9-Battery";

  @Test
  void anAdminSignsInWithTheOrganizationAccountAndOut() throws Exception {
    Path root = Path.of(System.getProperty("repo.root", "../..")).toAbsolutePath().normalize();
    Path work = Path.of("target", "console-test").toAbsolutePath();
    String chromium = ConsoleBrowserIT.prepare(work, "console-cognito.test.mjs");
    Path shots = root.resolve("docs/console");
    Files.createDirectories(shots);
    try (FakeOidcProvider idp = new FakeOidcProvider().withUser(EMAIL, PASSWORD)) {
      InMemoryStore store = new InMemoryStore();
      AdminApi api =
          new AdminApi(
              new AdminService(
                  store,
                  store,
                  new InMemoryAuditLog(),
                  new InMemoryProvisioningLog(),
                  Clock.systemUTC(),
                  w -> {}),
              "http://127.0.0.1/scim/v2",
              Clock.systemUTC(),
              new TenantReads(store));
      ConsoleHandler handler =
          new ConsoleHandler(
              ConsoleGateway.withOidc(
                  api,
                  new InMemoryConsoleSessions(),
                  new OidcSignIn(idp.config(), OidcSignIn.defaultHttpClient(), Clock.systemUTC()),
                  Clock.systemUTC()));
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", x -> serve(handler, x));
      server.start();
      try {
        ProcessBuilder pb =
            new ProcessBuilder("node", "console-cognito.test.mjs")
                .directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment()
            .putAll(
                Map.of(
                    "CONSOLE_URL",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/console/",
                    "IDP_ORIGIN",
                    idp.issuer(),
                    "EMAIL",
                    EMAIL,
                    "PASSWORD",
                    PASSWORD,
                    "SCREENSHOTS",
                    shots.toString(),
                    "CHROMIUM",
                    chromium));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the browser test ended");
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("console cognito browser test: ok"), out);
      } finally {
        server.stop(0);
      }
      assertEquals(1, idp.logouts(), "sign-out went through the identity provider's /logout");
    }
    assertTrue(Files.size(shots.resolve("signin-aws.png")) > 1000);
  }

  /** One request as API Gateway (HTTP API, payload 1.0) hands it to the function, and back. */
  private static void serve(ConsoleHandler handler, HttpExchange x) throws IOException {
    try (x) {
      APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
      e.setHttpMethod(x.getRequestMethod());
      e.setPath(x.getRequestURI().getPath());
      Map<String, String> headers = new HashMap<>();
      Map<String, List<String>> multi = new HashMap<>();
      x.getRequestHeaders()
          .forEach(
              (k, v) -> {
                headers.put(k.toLowerCase(), String.join(",", v));
                multi.put(k.toLowerCase(), List.copyOf(v));
              });
      e.setHeaders(headers);
      e.setMultiValueHeaders(multi);
      Map<String, String> query = new HashMap<>();
      LocalEndpoint.query(x.getRequestURI().getRawQuery())
          .forEach((k, v) -> query.put(k, v.get(v.size() - 1)));
      e.setQueryStringParameters(query.isEmpty() ? null : query);
      byte[] body = x.getRequestBody().readAllBytes();
      e.setBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
      APIGatewayProxyRequestEvent.ProxyRequestContext rc =
          new APIGatewayProxyRequestEvent.ProxyRequestContext();
      rc.setRequestId(UUID.randomUUID().toString());
      rc.setPath(e.getPath());
      e.setRequestContext(rc);
      APIGatewayProxyResponseEvent r = handler.handleRequest(e, null);
      r.getHeaders().forEach((k, v) -> x.getResponseHeaders().set(k, v));
      if (r.getMultiValueHeaders() != null) {
        r.getMultiValueHeaders()
            .forEach((k, v) -> v.forEach(one -> x.getResponseHeaders().add(k, one)));
      }
      byte[] out = r.getBody() == null ? new byte[0] : r.getBody().getBytes(StandardCharsets.UTF_8);
      boolean none = out.length == 0 || x.getRequestMethod().equals("HEAD");
      x.sendResponseHeaders(r.getStatusCode(), none ? -1 : out.length);
      if (!none) {
        try (OutputStream o = x.getResponseBody()) {
          o.write(out);
        }
      }
    }
  }
}
