package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.handlers.console.ConsoleGateway;
import dev.scimserverless.handlers.console.OidcSignIn;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin console in AWS ({@code /console}, docs/console.md): the Console function behind the
 * console's public HTTP API (payload format 1.0, so the same event classes as the other functions).
 * Sign-in with the Cognito user pool of {@code CONSOLE_OIDC_ISSUER}, its hosted UI at {@code
 * CONSOLE_OIDC_DOMAIN} and the app client {@code CONSOLE_OIDC_CLIENT_ID}; sessions in the table;
 * {@code /console/api/…} is the Admin API ({@code SCIM_BASE_URL} as for the Admin function). A
 * no-arg constructor for Lambda, one taking the gateway for tests.
 */
public final class ConsoleHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private final ConsoleGateway gateway;

  public ConsoleHandler() {
    this(
        ConsoleGateway.withOidc(
            AdminApiHandler.environmentApi(),
            FunctionEnvironment.consoleSessions(),
            new OidcSignIn(
                OidcSignIn.Config.cognito(
                    env("CONSOLE_OIDC_ISSUER"),
                    env("CONSOLE_OIDC_DOMAIN"),
                    env("CONSOLE_OIDC_CLIENT_ID")),
                OidcSignIn.defaultHttpClient(),
                Clock.systemUTC()),
            Clock.systemUTC()));
  }

  public ConsoleHandler(ConsoleGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    String requestId = ApiGatewayAdapter.requestId(event);
    Map<String, String> headers = new HashMap<>();
    if (event.getHeaders() != null) {
      headers.putAll(event.getHeaders());
    }
    if (event.getMultiValueHeaders() != null) {
      // several Cookie headers (HTTP/2 browsers send one per cookie) arrive here one by one
      event
          .getMultiValueHeaders()
          .forEach(
              (k, v) -> {
                if (k.equalsIgnoreCase("Cookie") && v != null && !v.isEmpty()) {
                  headers.keySet().removeIf(h -> h.equalsIgnoreCase("Cookie"));
                  headers.put("Cookie", String.join("; ", v));
                }
              });
    }
    String body = event.getBody();
    if (body != null && Boolean.TRUE.equals(event.getIsBase64Encoded())) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    ConsoleGateway.Response r =
        gateway.handle(
            new ConsoleGateway.Request(
                Optional.ofNullable(event.getHttpMethod()).orElse("GET"),
                Optional.ofNullable(event.getPath()).orElse(""),
                event.getQueryStringParameters() == null
                    ? Map.of()
                    : event.getQueryStringParameters(),
                headers,
                body,
                requestId));
    APIGatewayProxyResponseEvent out = new APIGatewayProxyResponseEvent();
    out.setStatusCode(r.status());
    Map<String, String> h = new HashMap<>(r.headers());
    h.put(ScimFunction.REQUEST_ID_HEADER, requestId);
    out.setHeaders(h);
    if (!r.cookies().isEmpty()) {
      out.setMultiValueHeaders(Map.of("Set-Cookie", List.copyOf(r.cookies())));
    }
    out.setBody(r.body());
    out.setIsBase64Encoded(false);
    return out;
  }

  private static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set");
    }
    return v;
  }
}
