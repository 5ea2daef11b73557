package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cold-start settings of template.yaml, as measured in docs/performance.md ("Cold start", "Cold
 * start levers (issue 15)"): C1 only in {@code JAVA_TOOL_OPTIONS}, SnapStart on published versions
 * behind the {@code live} alias, on every function (none overrides them). The options are compared
 * exactly, so a lever measured and not adopted (bytecode verification off, a diagnostic option, a
 * CDS archive) cannot slip in without this test and the measurement being updated.
 */
class ColdStartTemplateTest {

  /** What template.yaml's Globals set for every function's JVM. */
  static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

  @Test
  void everyFunctionRunsC1OnlyWithSnapStartOnPublishedVersions() throws Exception {
    JsonNode t = TemplateRoutesTest.template();
    JsonNode function = t.path("Globals").path("Function");
    assertEquals(
        JAVA_TOOL_OPTIONS,
        function.path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").asText());
    assertEquals("java21", function.path("Runtime").asText());
    assertEquals("PublishedVersions", function.path("SnapStart").path("ApplyOn").asText());
    assertEquals("live", function.path("AutoPublishAlias").asText());

    int functions = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = t.path("Resources").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      if (!r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
        continue;
      }
      functions++;
      JsonNode p = r.getValue().path("Properties");
      JsonNode own = p.path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS");
      assertTrue(own.isMissingNode(), r.getKey() + " sets its own JAVA_TOOL_OPTIONS: " + own);
      assertTrue(p.path("Runtime").isMissingNode(), r.getKey() + " sets its own Runtime");
      assertFalse(
          p.path("SnapStart").path("ApplyOn").asText("PublishedVersions").equals("None"),
          r.getKey() + " turns SnapStart off");
    }
    assertTrue(functions > 0, "no function in template.yaml");
  }
}
