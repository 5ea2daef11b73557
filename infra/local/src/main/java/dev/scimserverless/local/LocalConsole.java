package dev.scimserverless.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.Headers;
import dev.scimserverless.core.admin.AdminApi;
import dev.scimserverless.handlers.console.ConsoleGateway;
import dev.scimserverless.store.memory.InMemoryConsoleSessions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin console on the local endpoint ({@code /console}, docs/console.md): the JDK server's
 * request and answer around {@link ConsoleGateway}, with the admin token as sign-in and the
 * sessions in memory. Every rule is the gateway's (shared with the Console Lambda function).
 */
final class LocalConsole {
  static final String BASE = ConsoleGateway.BASE;

  private final ConsoleGateway gateway;

  LocalConsole(AdminApi api, String adminToken, Clock clock) {
    this.gateway =
        ConsoleGateway.withAdminToken(api, new InMemoryConsoleSessions(), adminToken, clock);
  }

  static boolean serves(String path) {
    return ConsoleGateway.serves(path);
  }

  APIGatewayProxyResponseEvent answer(
      String method,
      String path,
      Map<String, List<String>> query,
      Headers headers,
      byte[] body,
      String requestId) {
    Map<String, String> single = new HashMap<>();
    query.forEach((k, v) -> single.put(k, v.get(v.size() - 1)));
    Map<String, String> h = new HashMap<>();
    headers.forEach((k, v) -> h.put(k, String.join(k.equalsIgnoreCase("Cookie") ? "; " : ", ", v)));
    ConsoleGateway.Response r =
        gateway.handle(
            new ConsoleGateway.Request(
                method, path, single, h, new String(body, StandardCharsets.UTF_8), requestId));
    APIGatewayProxyResponseEvent e = new APIGatewayProxyResponseEvent();
    e.setStatusCode(r.status());
    e.setHeaders(r.headers());
    if (!r.cookies().isEmpty()) {
      e.setMultiValueHeaders(Map.of("Set-Cookie", r.cookies()));
    }
    e.setBody(r.body());
    return e;
  }
}
