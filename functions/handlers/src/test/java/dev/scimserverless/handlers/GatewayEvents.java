package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** API Gateway proxy events as the gateway builds them after the authorizer accepted a token. */
final class GatewayEvents {
  private GatewayEvents() {}

  static APIGatewayProxyRequestEvent event(
      String method, String path, String resource, String body, String tenant, String tokenId) {
    APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
    e.setHttpMethod(method);
    e.setPath(path);
    e.setResource(resource);
    Map<String, String> headers = new HashMap<>();
    headers.put("Host", "example.test");
    headers.put("Authorization", "Bearer scim_secret_token_value_never_logged");
    if (body != null) {
      headers.put("Content-Type", "application/scim+json");
    }
    e.setHeaders(headers);
    e.setBody(body);
    APIGatewayProxyRequestEvent.ProxyRequestContext rc =
        new APIGatewayProxyRequestEvent.ProxyRequestContext();
    rc.setRequestId(UUID.randomUUID().toString());
    rc.setPath("/prod" + path);
    Map<String, Object> authorizer = new HashMap<>();
    if (tenant != null) {
      authorizer.put("tenant", tenant);
    }
    if (tokenId != null) {
      authorizer.put("tokenId", tokenId);
    }
    rc.setAuthorizer(authorizer);
    e.setRequestContext(rc);
    return e;
  }

  static JsonNode json(APIGatewayProxyResponseEvent r) {
    return Json.parse(r.getBody());
  }

  static String user(String userName) {
    return """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
         "userName":"%s","password":"Pa55w0rd-secret",
         "name":{"givenName":"Barbara"},
         "emails":[{"value":"%s@example.com","type":"work"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984"},
         "active":true}
        """
        .formatted(userName, userName);
  }
}
