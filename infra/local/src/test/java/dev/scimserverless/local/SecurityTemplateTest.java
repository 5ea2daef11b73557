package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The security settings of template.yaml: throttling (stage and per tenant through a usage plan
 * keyed by the authorizer), SCIM-shaped gateway responses, no CORS, TLS 1.2 on custom domains,
 * audit retention, and least-privilege IAM per function.
 */
class SecurityTemplateTest {

  static JsonNode template() throws Exception {
    return TemplateRoutesTest.template();
  }

  static JsonNode api(JsonNode t) {
    return t.path("Resources").path("Api").path("Properties");
  }

  @Test
  void stageThrottlingIsSetFromParameters() throws Exception {
    JsonNode t = template();
    JsonNode settings = api(t).path("MethodSettings").path(0);
    assertEquals("/*", settings.path("ResourcePath").asText());
    assertEquals("*", settings.path("HttpMethod").asText());
    assertEquals("StageThrottlingRateLimit", settings.path("ThrottlingRateLimit").asText());
    assertEquals("StageThrottlingBurstLimit", settings.path("ThrottlingBurstLimit").asText());
    for (String p :
        new String[] {
          "StageThrottlingRateLimit", "StageThrottlingBurstLimit",
          "TenantThrottlingRateLimit", "TenantThrottlingBurstLimit"
        }) {
      assertEquals("Number", t.path("Parameters").path(p).path("Type").asText(), p);
    }
  }

  @Test
  void perTenantThrottlingIsAUsagePlanKeyedByTheAuthorizer() throws Exception {
    JsonNode t = template();
    assertEquals("AUTHORIZER", api(t).path("ApiKeySourceType").asText());
    assertTrue(api(t).path("Auth").path("ApiKeyRequired").asBoolean());
    JsonNode plan = t.path("Resources").path("UsagePlan");
    assertEquals("AWS::ApiGateway::UsagePlan", plan.path("Type").asText());
    JsonNode p = plan.path("Properties");
    assertEquals("Api", p.path("ApiStages").path(0).path("ApiId").asText());
    assertEquals("TenantThrottlingRateLimit", p.path("Throttle").path("RateLimit").asText());
    assertEquals("TenantThrottlingBurstLimit", p.path("Throttle").path("BurstLimit").asText());
    assertEquals("UsagePlan", t.path("Outputs").path("UsagePlanId").path("Value").asText());
  }

  @Test
  void gatewayResponsesAreScimErrors() throws Exception {
    JsonNode responses = api(template()).path("GatewayResponses");
    Map<String, Integer> expected =
        Map.of(
            "UNAUTHORIZED", 401,
            "ACCESS_DENIED", 401,
            "THROTTLED", 429,
            "QUOTA_EXCEEDED", 429,
            "REQUEST_TOO_LARGE", 413,
            "INVALID_API_KEY", 403);
    expected.forEach(
        (type, status) -> {
          JsonNode r = responses.path(type);
          assertEquals(status.intValue(), r.path("StatusCode").asInt(), type);
          String body = r.path("ResponseTemplates").path("application/json").asText();
          assertTrue(body.contains("urn:ietf:params:scim:api:messages:2.0:Error"), type);
          assertTrue(body.contains("\"status\":\"" + status + "\""), type);
          assertEquals(
              "'application/scim+json'",
              r.path("ResponseParameters").path("Headers").path("Content-Type").asText(),
              type);
        });
    for (String throttled : new String[] {"THROTTLED", "QUOTA_EXCEEDED", "DEFAULT_5XX"}) {
      String retryAfter =
          responses
              .path(throttled)
              .path("ResponseParameters")
              .path("Headers")
              .path("Retry-After")
              .asText();
      assertTrue(retryAfter.matches("'[1-9][0-9]*'"), throttled + " Retry-After " + retryAfter);
    }
    assertTrue(
        responses
            .path("UNAUTHORIZED")
            .path("ResponseParameters")
            .path("Headers")
            .has("WWW-Authenticate"));
    assertTrue(
        responses
            .path("DEFAULT_5XX")
            .path("ResponseTemplates")
            .path("application/json")
            .asText()
            .contains("$context.requestId"));
  }

  @Test
  void corsIsOffAndCustomDomainsRequireTls12() throws Exception {
    JsonNode t = template();
    assertTrue(api(t).path("Cors").isMissingNode(), "no CORS on the API");
    assertTrue(t.path("Globals").path("Api").path("Cors").isMissingNode(), "no CORS globally");
    for (Iterator<Map.Entry<String, JsonNode>> it = t.path("Resources").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      for (JsonNode event : r.getValue().path("Properties").path("Events")) {
        assertFalse(
            event.path("Properties").path("Method").asText().equalsIgnoreCase("OPTIONS"),
            "no preflight route: " + r.getKey());
      }
    }
    JsonNode domain = t.path("Resources").path("CustomDomain");
    assertEquals("HasCustomDomain", domain.path("Condition").asText());
    assertEquals("TLS_1_2", domain.path("Properties").path("SecurityPolicy").asText());
    assertTrue(api(t).has("DisableExecuteApiEndpoint"));
  }

  @Test
  void authorizerCacheAndAuditRetentionAreParameters() throws Exception {
    JsonNode t = template();
    assertEquals(
        "AuthorizerCacheTtlSeconds",
        api(t)
            .path("Auth")
            .path("Authorizers")
            .path("TokenAuthorizer")
            .path("Identity")
            .path("ReauthorizeEvery")
            .asText());
    assertEquals(
        "AuditRetentionDays",
        t.path("Globals")
            .path("Function")
            .path("Environment")
            .path("Variables")
            .path("AUDIT_RETENTION_DAYS")
            .asText());
    assertEquals(
        "ttl",
        t.path("Resources")
            .path("Table")
            .path("Properties")
            .path("TimeToLiveSpecification")
            .path("AttributeName")
            .asText());
  }

  @Test
  void eachFunctionMayUseOnlyTheDynamoDbActionsItCallsOnTheTable() throws Exception {
    JsonNode resources = template().path("Resources");
    Map<String, Set<String>> expected =
        Map.of(
            "AuthorizerFunction", Set.of("GetItem", "UpdateItem"),
            "UsersFunction",
                Set.of(
                    "GetItem",
                    "BatchGetItem",
                    "Query",
                    "PutItem",
                    "UpdateItem",
                    "DeleteItem",
                    "BatchWriteItem"),
            "GroupsFunction",
                Set.of(
                    "GetItem",
                    "BatchGetItem",
                    "Query",
                    "PutItem",
                    "UpdateItem",
                    "DeleteItem",
                    "BatchWriteItem",
                    "ConditionCheckItem"),
            "DiscoveryFunction", Set.of());
    expected.forEach(
        (function, actions) -> {
          JsonNode policies = resources.path(function).path("Properties").path("Policies");
          Set<String> granted = new TreeSet<>();
          for (JsonNode policy : policies) {
            for (JsonNode statement : policy.path("Statement")) {
              assertEquals("Allow", statement.path("Effect").asText());
              assertEquals("Table.Arn", statement.path("Resource").asText(), function);
              for (JsonNode action : statement.path("Action")) {
                assertTrue(action.asText().startsWith("dynamodb:"), action.asText());
                assertFalse(action.asText().contains("*"), function + " " + action);
                granted.add(action.asText().substring("dynamodb:".length()));
              }
            }
          }
          assertEquals(new TreeSet<>(actions), granted, function);
        });
  }
}
