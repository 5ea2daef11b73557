package dev.scimserverless.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway REST proxy events for {@code /scim/v2/Users}, shaped as the gateway (and
 * infra/local's LocalEndpoint) builds them after the token authorizer vouched for a tenant.
 */
final class UsersEvents {
  static final String USERS = "/scim/v2/Users";
  private static final String STAGE = "/prod";

  private UsersEvents() {}

  static APIGatewayProxyRequestEvent post(String tenant, String userName) {
    return event("POST", USERS, "/scim/v2/Users", Map.of(), user(userName, "Ada"), tenant);
  }

  static APIGatewayProxyRequestEvent get(String tenant, String id) {
    return event("GET", USERS + "/" + id, "/scim/v2/Users/{id}", Map.of(), null, tenant);
  }

  static APIGatewayProxyRequestEvent put(String tenant, String id, String userName) {
    return event(
        "PUT", USERS + "/" + id, "/scim/v2/Users/{id}", Map.of(), user(userName, "Grace"), tenant);
  }

  static APIGatewayProxyRequestEvent delete(String tenant, String id) {
    return event("DELETE", USERS + "/" + id, "/scim/v2/Users/{id}", Map.of(), null, tenant);
  }

  static APIGatewayProxyRequestEvent filter(String tenant, String filter) {
    return event("GET", USERS, "/scim/v2/Users", Map.of("filter", filter), null, tenant);
  }

  /** The id at the end of the Location header of a 201. */
  static String createdId(APIGatewayProxyResponseEvent created) {
    String location = created.getHeaders() == null ? null : created.getHeaders().get("Location");
    if (location == null) {
      throw new IllegalStateException("no Location in " + describe(created));
    }
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** Fails unless the response has the status. */
  static APIGatewayProxyResponseEvent expect(int status, APIGatewayProxyResponseEvent response) {
    if (response.getStatusCode() == null || response.getStatusCode() != status) {
      throw new IllegalStateException("expected " + status + ", got " + describe(response));
    }
    return response;
  }

  private static String describe(APIGatewayProxyResponseEvent r) {
    return r.getStatusCode() + " " + r.getBody();
  }

  private static String user(String userName, String givenName) {
    return """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
         "userName":"%s","externalId":"ext-%s","active":true,
         "name":{"givenName":"%s","familyName":"Lovelace"},
         "displayName":"%s Lovelace",
         "emails":[{"value":"%s@example.com","type":"work","primary":true}]}
        """
        .formatted(userName, userName, givenName, givenName, userName);
  }

  private static APIGatewayProxyRequestEvent event(
      String method,
      String path,
      String resource,
      Map<String, String> query,
      String body,
      String tenant) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "scim.example.com");
    headers.put("X-Forwarded-Proto", "https");
    headers.put("Accept", "application/scim+json");
    if (body != null) {
      headers.put("Content-Type", "application/scim+json");
    }
    APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
    event.setResource(resource);
    event.setPath(path);
    event.setHttpMethod(method);
    event.setHeaders(headers);
    if (!query.isEmpty()) {
      event.setQueryStringParameters(new HashMap<>(query));
    }
    event.setBody(body);
    event.setIsBase64Encoded(false);
    APIGatewayProxyRequestEvent.ProxyRequestContext context =
        new APIGatewayProxyRequestEvent.ProxyRequestContext();
    context.setRequestId(Long.toHexString(System.nanoTime()));
    context.setPath(STAGE + path);
    context.setStage(STAGE.substring(1));
    context.setHttpMethod(method);
    context.setResourcePath(resource);
    context.setDomainName("scim.example.com");
    context.setAuthorizer(new HashMap<>(Map.of("tenant", tenant)));
    event.setRequestContext(context);
    return event;
  }
}
