package dev.scimserverless.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The OpenAPI document says exactly the routes the API serves, no more and no fewer. */
class AdminOpenApiTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Test
  void documentedOperationsAreTheRoutes() {
    JsonNode doc = Json.parse(AdminApi.openApi());
    assertEquals("3.1.0", doc.path("openapi").asText());
    assertEquals(AdminApi.BASE_PATH, doc.path("servers").path(0).path("url").asText());
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<String> ops = path.getValue().fieldNames(); ops.hasNext(); ) {
        String op = ops.next();
        if (METHODS.contains(op)) {
          documented.add(op.toUpperCase() + " " + path.getKey());
        }
      }
    }
    Set<String> served =
        AdminApi.ROUTES.stream()
            .map(r -> r.method() + " " + r.template())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(served, documented);
  }

  @Test
  void everyOperationDocumentsItsErrorsAsProblems() {
    JsonNode doc = Json.parse(AdminApi.openApi());
    doc.path("paths")
        .forEach(
            path ->
                path.fields()
                    .forEachRemaining(
                        op -> {
                          if (!METHODS.contains(op.getKey())) {
                            return;
                          }
                          op.getValue()
                              .path("responses")
                              .fields()
                              .forEachRemaining(
                                  r -> {
                                    if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                                      assertTrue(
                                          r.getValue().path("content").has(AdminApi.PROBLEM_JSON),
                                          op.getKey() + " " + r.getKey());
                                    }
                                  });
                        }));
  }
}
