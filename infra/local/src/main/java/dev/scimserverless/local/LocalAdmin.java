package dev.scimserverless.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.Headers;
import dev.scimserverless.core.admin.AdminApi;
import dev.scimserverless.core.admin.AdminService;
import dev.scimserverless.core.auth.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Admin API on the local endpoint's port: {@code /admin/v1}, authenticated with {@code
 * Authorization: Bearer <admin token>} (in AWS, IAM does this). Only the admin token is accepted
 * here — a tenant's SCIM token is refused — and the admin token is unknown to the SCIM authorizer,
 * so it is refused on {@code /scim/v2}.
 */
final class LocalAdmin {
  private final AdminApi api;
  private final String tokenHash;

  LocalAdmin(AdminApi api, String adminToken) {
    this.api = api;
    this.tokenHash = Tokens.hash(adminToken);
  }

  static boolean serves(String path) {
    return path.equals(AdminApi.BASE_PATH) || path.startsWith(AdminApi.BASE_PATH + "/");
  }

  static APIGatewayProxyResponseEvent tooLarge() {
    return event(AdminApi.problem(413, "The request body is too large.", Optional.empty()));
  }

  APIGatewayProxyResponseEvent answer(
      String method,
      String path,
      Map<String, List<String>> query,
      Headers headers,
      byte[] body,
      String requestId) {
    if (!authorized(headers.getFirst("Authorization"))) {
      AdminApi.Response refused =
          AdminApi.problem(
              401,
              "The Admin API takes the admin token: Authorization: Bearer <admin token>.",
              Optional.empty());
      Map<String, String> h = new HashMap<>(refused.headers());
      h.put("WWW-Authenticate", "Bearer realm=\"admin\"");
      return event(new AdminApi.Response(401, h, refused.body()));
    }
    Map<String, String> single = new HashMap<>();
    query.forEach((k, v) -> single.put(k, v.get(v.size() - 1)));
    return event(
        api.handle(
            new AdminApi.Request(
                method,
                path.substring(AdminApi.BASE_PATH.length()),
                single,
                body.length == 0 ? null : new String(body, StandardCharsets.UTF_8),
                new AdminService.Actor("admin:local", requestId))));
  }

  private boolean authorized(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return Tokens.sameHash(Tokens.hash(authorization.substring(7).trim()), tokenHash);
  }

  private static APIGatewayProxyResponseEvent event(AdminApi.Response r) {
    APIGatewayProxyResponseEvent e = new APIGatewayProxyResponseEvent();
    e.setStatusCode(r.status());
    e.setHeaders(r.headers());
    e.setBody(r.body());
    return e;
  }
}
