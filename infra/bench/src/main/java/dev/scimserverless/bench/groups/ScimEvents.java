package dev.scimserverless.bench.groups;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.core.json.Json;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway REST proxy events for {@code /scim/v2/Groups} and {@code /scim/v2/Users}, shaped as
 * the gateway builds them after the token authorizer vouched for a tenant, with the requests that
 * Okta and Entra ID send for group membership.
 */
final class ScimEvents {
  private static final String BASE = "/scim/v2";
  private static final String STAGE = "/prod";
  private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  private final String tenant;

  ScimEvents(String tenant) {
    this.tenant = tenant;
  }

  APIGatewayProxyRequestEvent createGroup(String displayName) {
    String body =
        """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s"}
        """
            .formatted(displayName);
    return event("POST", "/Groups", "/Groups", Map.of(), body);
  }

  APIGatewayProxyRequestEvent createUser(String userName) {
    String body =
        """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true,
         "name":{"givenName":"Ada","familyName":"Lovelace"},
         "emails":[{"value":"%s@example.com","type":"work","primary":true}]}
        """
            .formatted(userName, userName);
    return event("POST", "/Users", "/Users", Map.of(), body);
  }

  APIGatewayProxyRequestEvent getUser(String id) {
    return event("GET", "/Users/" + id, "/Users/{id}", Map.of(), null);
  }

  /** {@code GET /Groups/{id}}, with {@code query} parameters (e.g. excludedAttributes). */
  APIGatewayProxyRequestEvent getGroup(String id, Map<String, String> query) {
    return event("GET", "/Groups/" + id, "/Groups/{id}", query, null);
  }

  /** Entra ID's membership test: {@code id eq "g" and members[value eq "u"]}, members excluded. */
  APIGatewayProxyRequestEvent membershipFilter(String groupId, String userId) {
    String filter = "id eq \"" + groupId + "\" and members[value eq \"" + userId + "\"]";
    return event(
        "GET",
        "/Groups",
        "/Groups",
        Map.of("filter", filter, "excludedAttributes", "members"),
        null);
  }

  /** Okta's (and Entra ID's) add of one member. */
  APIGatewayProxyRequestEvent addMember(String groupId, String userId, Map<String, String> query) {
    String body =
        """
        {"schemas":["%s"],"Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}
        """
            .formatted(PATCH_OP, userId);
    return event("PATCH", "/Groups/" + groupId, "/Groups/{id}", query, body);
  }

  /** Okta's remove of one member by filter. */
  APIGatewayProxyRequestEvent removeMember(
      String groupId, String userId, Map<String, String> query) {
    String body =
        """
        {"schemas":["%s"],"Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}
        """
            .formatted(PATCH_OP, userId);
    return event("PATCH", "/Groups/" + groupId, "/Groups/{id}", query, body);
  }

  /** The {@code id} of a 201's body. */
  static String createdId(APIGatewayProxyResponseEvent created) {
    return Json.parse(expect(201, created).getBody()).path("id").asText();
  }

  /** Fails unless the response has the status. */
  static APIGatewayProxyResponseEvent expect(int status, APIGatewayProxyResponseEvent response) {
    if (response.getStatusCode() == null || response.getStatusCode() != status) {
      throw new IllegalStateException(
          "expected " + status + ", got " + response.getStatusCode() + " " + response.getBody());
    }
    return response;
  }

  private APIGatewayProxyRequestEvent event(
      String method, String path, String resource, Map<String, String> query, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "scim.example.com");
    headers.put("X-Forwarded-Proto", "https");
    headers.put("Accept", "application/scim+json");
    if (body != null) {
      headers.put("Content-Type", "application/scim+json");
    }
    APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
    event.setResource(BASE + resource);
    event.setPath(BASE + path);
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
    context.setPath(STAGE + BASE + path);
    context.setStage(STAGE.substring(1));
    context.setHttpMethod(method);
    context.setResourcePath(BASE + resource);
    context.setDomainName("scim.example.com");
    context.setAuthorizer(new HashMap<>(Map.of("tenant", tenant)));
    event.setRequestContext(context);
    return event;
  }
}
