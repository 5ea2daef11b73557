package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The console in template.yaml (docs/console.md#in-aws): admins only by invitation into a Cognito
 * user pool with MFA available, a public client with the code flow whose callback and logout URLs
 * are the console's, a public HTTP API ($default stage, payload 1.0) to the Console function, which
 * may delete only session, webhook subscription and dead-letter items; the Admin API stays
 * IAM-only.
 */
class ConsoleTemplateTest {
  static JsonNode resource(String name) throws Exception {
    return TemplateRoutesTest.template().path("Resources").path(name);
  }

  @Test
  void adminsAreInvitedIntoAPoolWithAStrongPasswordPolicyAndTotp() throws Exception {
    JsonNode pool = resource("ConsoleUserPool");
    assertEquals("AWS::Cognito::UserPool", pool.path("Type").asText());
    JsonNode p = pool.path("Properties");
    assertTrue(p.path("AdminCreateUserConfig").path("AllowAdminCreateUserOnly").asBoolean());
    String invite =
        p.path("AdminCreateUserConfig").path("InviteMessageTemplate").path("EmailMessage").asText();
    assertTrue(invite.contains("{username}") && invite.contains("{####}"), invite);
    assertTrue(p.path("Policies").path("PasswordPolicy").path("MinimumLength").asInt() >= 12);
    assertEquals("OPTIONAL", p.path("MfaConfiguration").asText());
    assertEquals("SOFTWARE_TOKEN_MFA", p.path("EnabledMfas").path(0).asText());
    JsonNode user = resource("ConsoleAdminUser");
    assertEquals("AWS::Cognito::UserPoolUser", user.path("Type").asText());
    assertEquals("HasConsoleAdminEmail", user.path("Condition").asText());
    assertEquals("ConsoleAdminEmail", user.path("Properties").path("Username").asText());
    assertEquals(
        "",
        TemplateRoutesTest.template()
            .path("Parameters")
            .path("ConsoleAdminEmail")
            .path("Default")
            .asText());
    assertEquals(
        "AWS::Cognito::UserPoolDomain", resource("ConsoleUserPoolDomain").path("Type").asText());
  }

  @Test
  void theClientIsPublicWithTheCodeFlowAndTheConsolesUrls() throws Exception {
    JsonNode c = resource("ConsoleUserPoolClient").path("Properties");
    assertFalse(c.path("GenerateSecret").asBoolean());
    assertEquals("[\"code\"]", c.path("AllowedOAuthFlows").toString());
    Set<String> scopes = new TreeSet<>();
    c.path("AllowedOAuthScopes").forEach(s -> scopes.add(s.asText()));
    assertEquals(Set.of("openid", "email"), scopes);
    assertEquals(1, c.path("CallbackURLs").size());
    assertTrue(
        c.path("CallbackURLs")
            .path(0)
            .asText()
            .matches("https://\\$\\{ConsoleApi}\\..*/console/callback"));
    assertTrue(
        c.path("LogoutURLs").path(0).asText().matches("https://\\$\\{ConsoleApi}\\..*/console/"));
    // the function is told the same pool, domain and client
    JsonNode env =
        resource("ConsoleFunction").path("Properties").path("Environment").path("Variables");
    assertEquals("ConsoleUserPoolClient", env.path("CONSOLE_OIDC_CLIENT_ID").asText());
    assertTrue(env.path("CONSOLE_OIDC_ISSUER").asText().endsWith("/${ConsoleUserPool}"));
    assertTrue(env.path("CONSOLE_OIDC_DOMAIN").asText().contains("${ConsoleUserPoolDomain}.auth."));
  }

  @Test
  void theConsoleApiIsPublicAndGoesToTheConsoleFunctionOnlyWhileTheAdminApiStaysIam()
      throws Exception {
    JsonNode api = resource("ConsoleApi");
    assertEquals("AWS::Serverless::HttpApi", api.path("Type").asText());
    JsonNode p = api.path("Properties");
    assertTrue(p.path("Auth").isMissingNode(), "no authorizer: the console signs in itself");
    assertTrue(p.path("StageName").isMissingNode(), "the $default stage: no stage in the URL");
    assertTrue(p.path("CorsConfiguration").isMissingNode());
    JsonNode paths = p.path("DefinitionBody").path("paths");
    assertEquals(Set.of("/console", "/console/{proxy+}"), fieldNames(paths));
    String fn = resource("ConsoleFunction").path("Properties").path("FunctionName").asText();
    assertEquals("${AWS::StackName}-console", fn);
    for (JsonNode route : paths) {
      assertEquals(Set.of("x-amazon-apigateway-any-method"), fieldNames(route));
      JsonNode i =
          route.path("x-amazon-apigateway-any-method").path("x-amazon-apigateway-integration");
      assertEquals("aws_proxy", i.path("type").asText());
      assertEquals("1.0", i.path("payloadFormatVersion").asText());
      assertTrue(
          i.path("uri").asText().endsWith(":function:" + fn + ":live/invocations"),
          i.path("uri").asText());
    }
    JsonNode permission = resource("ConsoleApiInvokePermission").path("Properties");
    assertEquals("ConsoleFunctionAliaslive", permission.path("FunctionName").asText());
    assertTrue(permission.path("SourceArn").asText().contains("${ConsoleApi}/"));
    assertEquals(
        "dev.scimserverless.handlers.ConsoleHandler::handleRequest",
        resource("ConsoleFunction").path("Properties").path("Handler").asText());
    assertEquals(
        "AWS_IAM",
        resource("AdminApi").path("Properties").path("Auth").path("DefaultAuthorizer").asText());
    JsonNode outputs = TemplateRoutesTest.template().path("Outputs");
    assertTrue(outputs.path("ConsoleUrl").path("Value").asText().endsWith("/console/"));
    assertEquals("ConsoleUserPool", outputs.path("UserPoolId").path("Value").asText());
  }

  @Test
  void theConsoleFunctionMayDeleteOnlySessionItems() throws Exception {
    Set<String> unconditioned = new TreeSet<>();
    boolean deleteLimited = false;
    for (JsonNode policy : resource("ConsoleFunction").path("Properties").path("Policies")) {
      for (JsonNode st : policy.path("Statement")) {
        assertEquals("Table.Arn", st.path("Resource").asText());
        for (JsonNode a : st.path("Action")) {
          assertFalse(a.asText().contains("*"));
          if (a.asText().equals("dynamodb:DeleteItem")) {
            JsonNode keys =
                st.path("Condition").path("ForAllValues:StringLike").path("dynamodb:LeadingKeys");
            Set<String> prefixes = new TreeSet<>();
            keys.forEach(k -> prefixes.add(k.asText()));
            // its sessions (sign-out), a tenant's webhook subscriptions and dead letters
            deleteLimited =
                prefixes.equals(Set.of("CONSOLE#SESSION#*", "T#*#WEBHOOKS", "T#*#WHDEAD"));
          } else {
            unconditioned.add(a.asText());
          }
        }
      }
    }
    assertTrue(deleteLimited, "DeleteItem only on session, webhook and dead-letter keys");
    assertEquals(
        Set.of(
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:Query",
            "dynamodb:ConditionCheckItem"),
        unconditioned);
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
