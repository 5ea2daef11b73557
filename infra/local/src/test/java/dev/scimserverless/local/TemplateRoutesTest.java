package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Holds template.yaml and the code together: handlers exist, routes are the local endpoint's. */
class TemplateRoutesTest {
  static JsonNode template() throws IOException {
    Path root = Path.of(System.getProperty("repo.root", "../.."));
    return new YAMLMapper().readTree(Files.readString(root.resolve("template.yaml")));
  }

  @Test
  void everyHandlerClassExistsWithHandleRequest() throws Exception {
    JsonNode resources = template().path("Resources");
    int functions = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      if (!r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
        continue;
      }
      functions++;
      String handler = r.getValue().path("Properties").path("Handler").asText();
      String[] parts = handler.split("::");
      assertEquals(2, parts.length, r.getKey() + " handler " + handler);
      Class<?> type = Class.forName(parts[0]);
      boolean found = false;
      for (Method m : type.getMethods()) {
        // RequestHandler (event, context) or RequestStreamHandler (input, output, context)
        found |=
            m.getName().equals(parts[1])
                && (m.getParameterCount() == 2 || m.getParameterCount() == 3);
      }
      assertTrue(found, handler + " has no " + parts[1] + "(event, context)");
      type.getConstructor(); // Lambda needs a public no-argument constructor
    }
    assertTrue(functions >= 2);
  }

  @Test
  void localRoutesAreExactlyTheTemplateRoutes() throws Exception {
    Set<Route> fromTemplate = new HashSet<>();
    Set<Route> admin = new HashSet<>();
    JsonNode resources = template().path("Resources");
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      JsonNode events = r.getValue().path("Properties").path("Events");
      for (JsonNode event : events) {
        if (event.path("Type").asText().equals("Api")) {
          JsonNode p = event.path("Properties");
          Route route =
              new Route(
                  r.getKey(), p.path("Method").asText().toUpperCase(), p.path("Path").asText());
          JsonNode api = p.path("RestApiId");
          if ("AdminApi".equals(api.isTextual() ? api.asText() : api.path("Ref").asText())) {
            admin.add(route);
          } else {
            fromTemplate.add(route);
          }
        }
      }
    }
    assertFalse(fromTemplate.isEmpty());
    assertEquals(fromTemplate, Set.copyOf(LocalRoutes.ROUTES));
    // the Admin API: everything under /admin/v1 to its function, on its own IAM-authorized API
    // (the local endpoint serves the same paths, authenticated with the admin token)
    assertEquals(Set.of(new Route("AdminFunction", "ANY", "/admin/v1/{proxy+}")), admin);
    assertEquals(
        "AWS_IAM",
        template()
            .path("Resources")
            .path("AdminApi")
            .path("Properties")
            .path("Auth")
            .path("DefaultAuthorizer")
            .asText());
  }

  @Test
  void everyRouteIsBehindTheTokenAuthorizerAndFunctionsAreSnapStartJava21() throws Exception {
    JsonNode t = template();
    JsonNode api = t.path("Resources").path("Api").path("Properties");
    assertEquals("TokenAuthorizer", api.path("Auth").path("DefaultAuthorizer").asText());
    JsonNode fn = t.path("Globals").path("Function");
    assertEquals("java21", fn.path("Runtime").asText());
    assertEquals("PublishedVersions", fn.path("SnapStart").path("ApplyOn").asText());
    assertEquals("JSON", fn.path("LoggingConfig").path("LogFormat").asText());
    for (Iterator<Map.Entry<String, JsonNode>> it = t.path("Resources").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      for (JsonNode event : r.getValue().path("Properties").path("Events")) {
        assertTrue(
            event.path("Properties").path("Auth").path("Authorizer").isMissingNode(),
            "no route overrides the default authorizer: " + r.getKey());
      }
    }
    JsonNode table = t.path("Resources").path("Table").path("Properties");
    assertEquals("PAY_PER_REQUEST", table.path("BillingMode").asText());
    assertTrue(
        table
            .path("PointInTimeRecoverySpecification")
            .path("PointInTimeRecoveryEnabled")
            .asBoolean());
    assertTrue(table.path("SSESpecification").path("SSEEnabled").asBoolean());
  }
}
