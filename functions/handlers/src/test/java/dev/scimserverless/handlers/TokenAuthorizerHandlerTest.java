package dev.scimserverless.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.store.memory.InMemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenAuthorizerHandlerTest {
  static final String ARN =
      "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/scim/v2/Users";

  InMemoryStore store;
  TokenAuthorizerHandler handler;
  String token;

  @BeforeEach
  void setUp() {
    store = new InMemoryStore();
    store.createTenant(new Tenant("acme", "Acme", false, Instant.now()));
    token = Tokens.newToken();
    store.putToken(
        new TokenRecord(
            "tok_1", "acme", Tokens.hash(token), Instant.now(), Optional.empty(), false));
    handler = new TokenAuthorizerHandler(store);
  }

  static APIGatewayCustomAuthorizerEvent event(String authorization) {
    APIGatewayCustomAuthorizerEvent e = new APIGatewayCustomAuthorizerEvent();
    e.setType("TOKEN");
    e.setAuthorizationToken(authorization);
    e.setMethodArn(ARN);
    return e;
  }

  @Test
  @SuppressWarnings("unchecked")
  void validTokenAllowsTheWholeStageWithTheTenantInContext() {
    Map<String, Object> policy = handler.handleRequest(event("Bearer " + token), null);
    assertEquals("tok_1", policy.get("principalId"));
    Map<String, Object> context = (Map<String, Object>) policy.get("context");
    assertEquals("acme", context.get("tenant"));
    assertEquals("tok_1", context.get("tokenId"));
    Map<String, Object> doc = (Map<String, Object>) policy.get("policyDocument");
    Map<String, Object> statement = ((List<Map<String, Object>>) doc.get("Statement")).get(0);
    assertEquals("Allow", statement.get("Effect"));
    assertEquals(
        List.of("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*"),
        statement.get("Resource"));
  }

  @Test
  void schemeIsCaseInsensitive() {
    assertEquals("tok_1", handler.handleRequest(event("bearer " + token), null).get("principalId"));
  }

  @Test
  void everythingElseIsUnauthorized() {
    for (String bad :
        new String[] {
          null,
          "",
          "Bearer",
          "Bearer ",
          token,
          "Basic " + token,
          "Bearer " + token + "x",
          "Bearer " + Tokens.newToken()
        }) {
      RuntimeException e =
          assertThrows(RuntimeException.class, () -> handler.handleRequest(event(bad), null));
      assertEquals("Unauthorized", e.getMessage(), "for " + bad);
    }
  }

  @Test
  void revokedTokenAndDisabledTenantAreUnauthorized() {
    store.revokeToken("acme", "tok_1");
    assertThrows(
        RuntimeException.class, () -> handler.handleRequest(event("Bearer " + token), null));

    String other = Tokens.newToken();
    store.putToken(
        new TokenRecord(
            "tok_2", "acme", Tokens.hash(other), Instant.now(), Optional.empty(), false));
    assertEquals("tok_2", handler.handleRequest(event("Bearer " + other), null).get("principalId"));
    store.setTenantDisabled("acme", true);
    assertThrows(
        RuntimeException.class, () -> handler.handleRequest(event("Bearer " + other), null));
  }

  @Test
  void tokensAreLongRandomAndPrefixed() {
    String t = Tokens.newToken();
    assertEquals("scim_", t.substring(0, 5));
    assertEquals(5 + 43, t.length()); // 32 bytes base64url without padding
    assertEquals(64, Tokens.hash(t).length());
  }
}
