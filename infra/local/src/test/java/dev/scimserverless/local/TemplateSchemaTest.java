package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml against AWS's own published schemas (../shared/conformance/aws: SAM translator
 * v1.110.0's JSON Schema, the CloudFormation resource schemas bundled by cfn-lint v1.51.5), with a
 * JSON Schema validator (networknt). A copy with a seeded mistake must fail, so the check is known
 * to bite.
 */
class TemplateSchemaTest {

  static AwsTemplateSchemas schemas;
  static ObjectNode template;

  @BeforeAll
  static void load() throws Exception {
    schemas = new AwsTemplateSchemas(AwsTemplateSchemas.locate());
    Path root = Path.of(System.getProperty("repo.root", "../.."));
    template = AwsTemplateSchemas.read(root.resolve("template.yaml"));
  }

  @Test
  void theTemplateConformsToAwsSchemas() {
    List<String> problems = schemas.problems(template);
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void everyReferenceNamesSomethingThatExists() throws Exception {
    String yaml =
        Files.readString(
            Path.of(System.getProperty("repo.root", "../..")).resolve("template.yaml"));
    assertEquals(List.of(), AwsTemplateSchemas.unresolvedReferences(yaml));
    // the check bites
    String typo =
        yaml.replace("AlarmActions: [!Ref AlarmTopic]", "AlarmActions: [!Ref AlarmTopik]");
    assertTrue(
        AwsTemplateSchemas.unresolvedReferences(typo).stream()
            .anyMatch(p -> p.contains("unknown reference AlarmTopik")));
    String sub = yaml.replace("${AWS::StackName}-scim", "${AWS::StackName}-${StageNam}");
    assertTrue(
        AwsTemplateSchemas.unresolvedReferences(sub).stream()
            .anyMatch(p -> p.contains("unknown reference StageNam")));
    String condition = yaml.replace("Condition: IsWafEnabled", "Condition: IsWafOn");
    assertTrue(
        AwsTemplateSchemas.unresolvedReferences(condition).stream()
            .anyMatch(p -> p.contains("unknown condition IsWafOn")));
  }

  @Test
  void everyResourceTypeHasASchema() {
    Path dir = AwsTemplateSchemas.locate();
    int cloudFormation = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      String type = r.getValue().path("Type").asText();
      if (!type.startsWith("AWS::Serverless::")) {
        cloudFormation++;
        assertTrue(
            Files.isRegularFile(
                dir.resolve("cloudformation").resolve(AwsTemplateSchemas.fileName(type))),
            r.getKey() + ": " + type);
      }
    }
    assertTrue(cloudFormation > 20, "the operations resources are CloudFormation resources");
  }

  @Test
  void intrinsicFunctionsAreWildcardsInBothForms() {
    ObjectNode t =
        AwsTemplateSchemas.read(
            """
            Resources:
              A:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: !Ref Days
                  LogGroupName: {"Fn::Sub": "${AWS::StackName}-x"}
                  Tags: [{Key: k, Value: !If [C, a, b]}]
            """);
    JsonNode p = t.path("Resources").path("A").path("Properties");
    assertEquals(AwsTemplateSchemas.INTRINSIC, p.path("RetentionInDays").asText());
    assertEquals(AwsTemplateSchemas.INTRINSIC, p.path("LogGroupName").asText());
    assertEquals(List.of(), schemas.problems(t));
  }

  @Test
  void aMisspeltPropertyFails() {
    assertFails(
        t -> rename(properties(t, "ApiAccessLogGroup"), "RetentionInDays", "RetentionInDay"),
        "ApiAccessLogGroup");
    assertFails(t -> rename(properties(t, "UsersFunction"), "Handler", "Handlr"), "UsersFunction");
    assertFails(
        t -> rename((ObjectNode) t.path("Globals").path("Function"), "MemorySize", "MemorySizeMb"),
        "Globals");
  }

  @Test
  void anUnknownResourceTypeFails() {
    assertFails(
        t -> ((ObjectNode) t.path("Resources").path("AlarmTopic")).put("Type", "AWS::SNS::Topik"),
        "AlarmTopic");
    assertFails(
        t -> ((ObjectNode) t.path("Resources").path("Api")).put("Type", "AWS::Serverless::RestApi"),
        "Resources.Api");
  }

  @Test
  void aWrongLiteralTypeFails() {
    assertFails(t -> properties(t, "Api5xxRateAlarm").put("EvaluationPeriods", "two"), "Api5xx");
    assertFails(t -> properties(t, "UsersFunction").put("Timeout", "long"), "UsersFunction");
    // a pass-through SAM property, checked against the Lambda schema
    assertFails(
        t ->
            ((ObjectNode) t.path("Globals").path("Function").path("LoggingConfig"))
                .put("LogFormat", 7),
        "LoggingConfig");
  }

  private static ObjectNode properties(ObjectNode t, String resource) {
    return (ObjectNode) t.path("Resources").path(resource).path("Properties");
  }

  private static void rename(ObjectNode o, String from, String to) {
    assertTrue(o.has(from), from);
    o.set(to, o.remove(from));
  }

  private static void assertFails(Consumer<ObjectNode> mistake, String where) {
    ObjectNode copy = template.deepCopy();
    mistake.accept(copy);
    List<String> problems = schemas.problems(copy);
    assertFalse(problems.isEmpty(), "the seeded mistake in " + where + " was not caught");
    assertTrue(
        problems.stream().allMatch(p -> p.contains(where)),
        "problems elsewhere than " + where + ": " + problems);
  }
}
