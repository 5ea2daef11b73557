package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Translates API Gateway REST proxy events to core requests and core responses back. */
public final class ApiGatewayAdapter {
  /** The base path of the SCIM API, below the stage. */
  public static final String BASE_PATH = "/scim/v2";

  /** The authorizer context key that carries the organization id. */
  public static final String TENANT_KEY = "tenant";

  public static final String TOKEN_ID_KEY = "tokenId";

  private ApiGatewayAdapter() {}

  /** The tenant the authorizer vouched for, if any. Never read from the request itself. */
  public static Optional<String> tenant(APIGatewayProxyRequestEvent event) {
    return authorizerValue(event, TENANT_KEY);
  }

  public static Optional<String> authorizerValue(APIGatewayProxyRequestEvent event, String key) {
    if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
      return Optional.empty();
    }
    Object v = event.getRequestContext().getAuthorizer().get(key);
    return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString());
  }

  public static String requestId(APIGatewayProxyRequestEvent event) {
    if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
      return event.getRequestContext().getRequestId();
    }
    return "unknown";
  }

  public static ScimRequest toScimRequest(APIGatewayProxyRequestEvent event, String tenant) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (event.getHeaders() != null) {
      headers.putAll(event.getHeaders());
    }
    Map<String, String> query = new HashMap<>();
    if (event.getQueryStringParameters() != null) {
      query.putAll(event.getQueryStringParameters());
    }
    String body = event.getBody();
    if (body != null && Boolean.TRUE.equals(event.getIsBase64Encoded())) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    String path = event.getPath() == null ? "/" : event.getPath();
    String relative = path.startsWith(BASE_PATH) ? path.substring(BASE_PATH.length()) : path;
    return new ScimRequest(
        event.getHttpMethod() == null ? "GET" : event.getHttpMethod().toUpperCase(),
        relative.isEmpty() ? "/" : relative,
        query,
        headers,
        body,
        tenant,
        requestId(event),
        baseUrl(event, headers));
  }

  /**
   * The SCIM base URL as the client called it: scheme and host from the forwarded headers, the
   * stage prefix from the difference between the full request path and the resource path. {@code
   * SCIM_BASE_URL} overrides it (custom domains with base path mappings).
   */
  static String baseUrl(APIGatewayProxyRequestEvent event, Map<String, String> headers) {
    String configured = System.getenv("SCIM_BASE_URL");
    if (configured != null && !configured.isBlank()) {
      return configured.replaceAll("/+$", "");
    }
    String proto = headers.getOrDefault("X-Forwarded-Proto", "https");
    String host = headers.get("Host");
    if (host == null && event.getRequestContext() != null) {
      host = event.getRequestContext().getDomainName();
    }
    String prefix = "";
    if (event.getRequestContext() != null && event.getRequestContext().getPath() != null) {
      String full = event.getRequestContext().getPath();
      String path = event.getPath() == null ? "" : event.getPath();
      if (full.endsWith(path)) {
        prefix = full.substring(0, full.length() - path.length());
      }
    }
    return proto + "://" + (host == null ? "localhost" : host) + prefix + BASE_PATH;
  }

  public static APIGatewayProxyResponseEvent toEvent(ScimResponse response) {
    APIGatewayProxyResponseEvent out = new APIGatewayProxyResponseEvent();
    out.setStatusCode(response.status());
    out.setHeaders(new HashMap<>(response.headers()));
    out.setBody(response.body());
    out.setIsBase64Encoded(false);
    return out;
  }
}
