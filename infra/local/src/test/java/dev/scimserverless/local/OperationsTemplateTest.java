package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.handlers.ApiGatewayAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operations side of template.yaml: alarms for every function and the table, log retention,
 * JSON access logs, the tracing and WAF switches, the saved queries and the dashboard, and the
 * three fixes (no implicit "Stage" stage, alias on every configuration change, custom domain needs
 * a certificate). Read with Jackson, which keeps an intrinsic's argument: {@code !Ref X} is "X",
 * {@code !If [C, a, b]} is [C, a, b].
 */
class OperationsTemplateTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode template() throws Exception {
    return TemplateRoutesTest.template();
  }

  static Map<String, JsonNode> resources(JsonNode t, String type) {
    Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = t.path("Resources").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      if (r.getValue().path("Type").asText().equals(type)) {
        out.put(r.getKey(), r.getValue());
      }
    }
    return out;
  }

  /** The metrics an alarm watches: its own, or each MetricStat of its metric math. */
  static List<JsonNode> metricsOf(JsonNode alarmProperties) {
    List<JsonNode> out = new ArrayList<>();
    if (alarmProperties.has("MetricName")) {
      out.add(alarmProperties);
    }
    for (JsonNode m : alarmProperties.path("Metrics")) {
      if (m.has("MetricStat")) {
        out.add(m.path("MetricStat").path("Metric"));
      }
    }
    return out;
  }

  static boolean watches(JsonNode t, String namespace, String metric, String dimensionValue) {
    for (JsonNode alarm : resources(t, "AWS::CloudWatch::Alarm").values()) {
      for (JsonNode m : metricsOf(alarm.path("Properties"))) {
        if (!m.path("Namespace").asText().equals(namespace)
            || !m.path("MetricName").asText().equals(metric)) {
          continue;
        }
        for (JsonNode d : m.path("Dimensions")) {
          if (d.path("Value").asText().equals(dimensionValue)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Test
  void everyFunctionHasErrorThrottleAndDurationAlarms() throws Exception {
    JsonNode t = template();
    Map<String, JsonNode> functions = resources(t, "AWS::Serverless::Function");
    assertTrue(functions.size() >= 4);
    for (String fn : functions.keySet()) {
      for (String metric : new String[] {"Errors", "Throttles", "Duration"}) {
        assertTrue(watches(t, "AWS/Lambda", metric, fn), fn + " has no " + metric + " alarm");
      }
    }
  }

  @Test
  void durationAlarmsSitBelowEachFunctionsTimeout() throws Exception {
    JsonNode t = template();
    int globalTimeout = t.path("Globals").path("Function").path("Timeout").asInt();
    for (Map.Entry<String, JsonNode> alarm : resources(t, "AWS::CloudWatch::Alarm").entrySet()) {
      JsonNode p = alarm.getValue().path("Properties");
      if (!p.path("MetricName").asText().equals("Duration")) {
        continue;
      }
      assertEquals("p99", p.path("ExtendedStatistic").asText(), alarm.getKey());
      String fn = p.path("Dimensions").path(0).path("Value").asText();
      JsonNode timeout = t.path("Resources").path(fn).path("Properties").path("Timeout");
      double ms = (timeout.isMissingNode() ? globalTimeout : timeout.asInt()) * 1000.0;
      double threshold = p.path("Threshold").asDouble();
      assertTrue(threshold < ms && threshold >= 0.5 * ms, alarm.getKey() + " " + threshold);
    }
  }

  @Test
  void apiAndTableAlarmsExistAndAllNotifyTheTopic() throws Exception {
    JsonNode t = template();
    String api = "${AWS::StackName}-scim";
    assertTrue(watches(t, "AWS/ApiGateway", "5XXError", api), "5xx rate");
    Set<String> accessLogMetrics = new HashSet<>();
    for (JsonNode alarm : resources(t, "AWS::CloudWatch::Alarm").values()) {
      for (JsonNode m : metricsOf(alarm.path("Properties"))) {
        if (m.path("Namespace").asText().startsWith("ScimServerless/")) {
          accessLogMetrics.add(m.path("MetricName").asText());
        }
      }
    }
    assertTrue(
        accessLogMetrics.containsAll(Set.of("Status401", "Status429", "AuthorizerFailures")),
        accessLogMetrics.toString());
    for (String metric : new String[] {"ThrottledRequests", "SystemErrors"}) {
      assertTrue(watches(t, "AWS/DynamoDB", metric, "Table"), metric);
    }
    JsonNode topic = t.path("Resources").path("AlarmTopic");
    assertEquals("AWS::SNS::Topic", topic.path("Type").asText());
    for (Map.Entry<String, JsonNode> a : resources(t, "AWS::CloudWatch::Alarm").entrySet()) {
      JsonNode p = a.getValue().path("Properties");
      assertEquals("AlarmTopic", p.path("AlarmActions").path(0).asText(), a.getKey());
      assertEquals("notBreaching", p.path("TreatMissingData").asText(), a.getKey());
      assertTrue(p.path("AlarmDescription").asText().contains("docs/operations.md#"), a.getKey());
    }
    JsonNode email = t.path("Resources").path("AlarmEmailSubscription");
    assertEquals("HasAlarmEmail", email.path("Condition").asText());
    assertEquals("AlarmEmail", email.path("Properties").path("Endpoint").asText());
    assertEquals("", t.path("Parameters").path("AlarmEmail").path("Default").asText());
  }

  @Test
  void everyAlarmIsExplainedInTheRunbook() throws Exception {
    JsonNode t = template();
    Path root = Path.of(System.getProperty("repo.root", "../.."));
    String runbook = Files.readString(root.resolve("docs/operations.md"));
    Set<String> anchors = new TreeSet<>();
    for (JsonNode a : resources(t, "AWS::CloudWatch::Alarm").values()) {
      Matcher m =
          Pattern.compile("docs/operations\\.md#([a-z0-9-]+)")
              .matcher(a.path("Properties").path("AlarmDescription").asText());
      assertTrue(m.find());
      anchors.add(m.group(1));
    }
    for (String anchor : anchors) {
      // GitHub's anchor of "### API 5xx rate" is "api-5xx-rate"
      boolean found = false;
      for (String line : runbook.split("\n")) {
        if (line.startsWith("#")) {
          String slug =
              line.replaceFirst("^#+\\s*", "")
                  .toLowerCase()
                  .replaceAll("[^a-z0-9 -]", "")
                  .trim()
                  .replace(' ', '-');
          found |= slug.equals(anchor);
        }
      }
      assertTrue(found, "docs/operations.md has no heading for #" + anchor);
    }
  }

  /**
   * Every SQS queue in the stack (a dead-letter queue today would be one) must have a depth alarm.
   * There is none today; the guard fails the build when one is added without it.
   */
  static List<String> queuesWithoutDepthAlarm(JsonNode t) {
    List<String> missing = new ArrayList<>();
    for (String queue : resources(t, "AWS::SQS::Queue").keySet()) {
      if (!watches(t, "AWS/SQS", "ApproximateNumberOfMessagesVisible", queue + ".QueueName")) {
        missing.add(queue);
      }
    }
    for (Map.Entry<String, JsonNode> fn : resources(t, "AWS::Serverless::Function").entrySet()) {
      JsonNode p = fn.getValue().path("Properties");
      if (p.has("DeadLetterQueue") || p.path("EventInvokeConfig").has("DestinationConfig")) {
        // a DLQ or failure destination must be a queue of this template (then alarmed above)
        String target =
            p.path("DeadLetterQueue").path("TargetArn").asText()
                + p.path("EventInvokeConfig")
                    .path("DestinationConfig")
                    .path("OnFailure")
                    .path("Destination")
                    .asText();
        if (resources(t, "AWS::SQS::Queue").keySet().stream()
            .noneMatch(q -> target.startsWith(q + "."))) {
          missing.add(fn.getKey() + " (dead-letter target " + target + ")");
        }
      }
    }
    return missing;
  }

  @Test
  void everyDeadLetterQueueHasADepthAlarm() throws Exception {
    JsonNode t = template();
    assertEquals(List.of(), queuesWithoutDepthAlarm(t));
    // the guard bites: a queue added without an alarm is reported
    ObjectNode copy = t.deepCopy();
    ObjectNode queue = ((ObjectNode) copy.path("Resources")).putObject("UsersDlq");
    queue.put("Type", "AWS::SQS::Queue");
    assertEquals(List.of("UsersDlq"), queuesWithoutDepthAlarm(copy));
    ObjectNode alarm = ((ObjectNode) copy.path("Resources")).putObject("UsersDlqDepthAlarm");
    alarm.put("Type", "AWS::CloudWatch::Alarm");
    ObjectNode p = alarm.putObject("Properties");
    p.put("Namespace", "AWS/SQS").put("MetricName", "ApproximateNumberOfMessagesVisible");
    p.putArray("Dimensions")
        .addObject()
        .put("Name", "QueueName")
        .put("Value", "UsersDlq.QueueName");
    assertEquals(List.of(), queuesWithoutDepthAlarm(copy));
  }

  @Test
  void everyLogGroupHasRetentionAndEveryFunctionItsOwnGroup() throws Exception {
    JsonNode t = template();
    Map<String, JsonNode> groups = resources(t, "AWS::Logs::LogGroup");
    assertFalse(groups.isEmpty());
    for (Map.Entry<String, JsonNode> g : groups.entrySet()) {
      assertEquals(
          "LogRetentionDays",
          g.getValue().path("Properties").path("RetentionInDays").asText(),
          g.getKey());
    }
    assertEquals("Number", t.path("Parameters").path("LogRetentionDays").path("Type").asText());
    for (Map.Entry<String, JsonNode> fn : resources(t, "AWS::Serverless::Function").entrySet()) {
      String group =
          fn.getValue().path("Properties").path("LoggingConfig").path("LogGroup").asText();
      assertTrue(groups.containsKey(group), fn.getKey() + " logs to " + group);
    }
  }

  @Test
  void accessLogsAreJsonWithTheTroubleshootingFields() throws Exception {
    JsonNode t = template();
    JsonNode setting = SecurityTemplateTest.api(t).path("AccessLogSetting");
    assertEquals("ApiAccessLogGroup.Arn", setting.path("DestinationArn").asText());
    String format = setting.path("Format").asText();
    // every $context variable stands for a value: quoted ones are strings, bare ones numbers
    JsonNode line = JSON.readTree(format.replaceAll("\\$context\\.[A-Za-z.]+", "0"));
    for (String field :
        new String[] {
          "requestId",
          "sourceIp",
          "tenant",
          "resourcePath",
          "httpMethod",
          "status",
          "responseLatency",
          "integrationErrorMessage"
        }) {
      assertTrue(line.has(field), field);
    }
    assertTrue(line.path("status").isNumber(), "status is a number (metric filters compare it)");
    assertTrue(line.path("responseLatency").isNumber());
    assertTrue(
        format.contains("\"tenant\":\"$context.authorizer." + ApiGatewayAdapter.TENANT_KEY + "\""),
        "tenant is the authorizer's context key");
    // metric filters and saved queries read fields the line has
    for (JsonNode filter : resources(t, "AWS::Logs::MetricFilter").values()) {
      Matcher m =
          Pattern.compile("\\$\\.([A-Za-z]+)")
              .matcher(filter.path("Properties").path("FilterPattern").asText());
      assertTrue(m.find());
      assertTrue(line.has(m.group(1)), m.group(1));
      assertEquals("ApiAccessLogGroup", filter.path("Properties").path("LogGroupName").asText());
    }
  }

  @Test
  void theApiGatewayLogRoleIsAParameterChoice() throws Exception {
    JsonNode t = template();
    JsonNode account = t.path("Resources").path("ApiGatewayAccount");
    assertEquals("AWS::ApiGateway::Account", account.path("Type").asText());
    assertEquals("CreatesApiGatewayLogRole", account.path("Condition").asText());
    assertEquals(
        "CreatesApiGatewayLogRole",
        t.path("Resources").path("ApiGatewayLogRole").path("Condition").asText());
    // the stage refers to the account setting, so it is created after it
    JsonNode logRole = SecurityTemplateTest.api(t).path("Variables").path("logRole");
    assertEquals("CreatesApiGatewayLogRole", logRole.path(0).asText());
    assertEquals("ApiGatewayAccount", logRole.path(1).asText());
  }

  @Test
  void tracingParameterGivesValidModes() throws Exception {
    JsonNode t = template();
    assertEquals("false", t.path("Parameters").path("TracingEnabled").path("Default").asText());
    assertEquals(
        "TracingEnabled",
        t.path("Conditions").path("IsTracingEnabled").path(0).asText(),
        "IsTracingEnabled: !Equals [!Ref TracingEnabled, \"true\"]");
    JsonNode fnTracing = t.path("Globals").path("Function").path("Tracing");
    assertEquals("IsTracingEnabled", fnTracing.path(0).asText());
    // both branches are modes Lambda's schema allows
    JsonNode lambda =
        JSON.readTree(
            Files.readString(
                AwsTemplateSchemas.locate().resolve("cloudformation/AWS-Lambda-Function.json")));
    JsonNode modes = lambda.path("definitions").path("TracingConfig").path("properties");
    Set<String> allowed = new HashSet<>();
    modes.path("Mode").path("enum").forEach(m -> allowed.add(m.asText()));
    assertTrue(allowed.contains(fnTracing.path(1).asText()), allowed.toString());
    assertTrue(allowed.contains(fnTracing.path(2).asText()), allowed.toString());
    assertEquals("Active", fnTracing.path(1).asText());
    JsonNode apiTracing = t.path("Globals").path("Api").path("TracingEnabled");
    assertEquals("IsTracingEnabled", apiTracing.path(0).asText());
    assertTrue(apiTracing.path(1).isBoolean() && apiTracing.path(1).asBoolean());
    assertTrue(apiTracing.path(2).isBoolean() && !apiTracing.path(2).asBoolean());
  }

  @Test
  void wafParameterGivesAWebAclOnTheStage() throws Exception {
    JsonNode t = template();
    assertEquals("false", t.path("Parameters").path("WafEnabled").path("Default").asText());
    JsonNode acl = t.path("Resources").path("WebAcl");
    assertEquals("AWS::WAFv2::WebACL", acl.path("Type").asText());
    assertEquals("IsWafEnabled", acl.path("Condition").asText());
    JsonNode p = acl.path("Properties");
    assertEquals("REGIONAL", p.path("Scope").asText());
    boolean rateRule = false;
    boolean reputation = false;
    for (JsonNode rule : p.path("Rules")) {
      JsonNode rate = rule.path("Statement").path("RateBasedStatement");
      if (!rate.isMissingNode()) {
        rateRule = true;
        assertEquals("IP", rate.path("AggregateKeyType").asText());
        assertEquals("WafRateLimitPerIp", rate.path("Limit").asText());
        JsonNode block = rule.path("Action").path("Block").path("CustomResponse");
        assertEquals(429, block.path("ResponseCode").asInt());
        String key = block.path("CustomResponseBodyKey").asText();
        assertTrue(
            p.path("CustomResponseBodies")
                .path(key)
                .path("Content")
                .asText()
                .contains("urn:ietf:params:scim:api:messages:2.0:Error"));
      }
      JsonNode managed = rule.path("Statement").path("ManagedRuleGroupStatement");
      if (managed.path("Name").asText().equals("AWSManagedRulesAmazonIpReputationList")) {
        reputation = true;
        assertEquals("AWS", managed.path("VendorName").asText());
      }
    }
    assertTrue(rateRule && reputation);
    JsonNode assoc = t.path("Resources").path("WebAclAssociation");
    assertEquals("AWS::WAFv2::WebACLAssociation", assoc.path("Type").asText());
    assertEquals("IsWafEnabled", assoc.path("Condition").asText());
    String arn = assoc.path("Properties").path("ResourceArn").asText();
    assertTrue(arn.contains("/restapis/${Api}/stages/${Api.Stage}"), arn);
    // the resources are valid for AWS's schemas when the condition holds
    AwsTemplateSchemas schemas = new AwsTemplateSchemas(AwsTemplateSchemas.locate());
    ObjectNode only =
        AwsTemplateSchemas.read(
            Path.of(System.getProperty("repo.root", "../..")).resolve("template.yaml"));
    ObjectNode resources = (ObjectNode) only.path("Resources");
    resources.retain("WebAcl", "WebAclAssociation");
    assertEquals(List.of(), schemas.problems(only));
  }

  @Test
  void noImplicitStageStage() throws Exception {
    JsonNode t = template();
    JsonNode version = t.path("Globals").path("Api").path("OpenApiVersion");
    // SAM adds a stage named "Stage" unless OpenApiVersion is 3.x (a string: 3.0.1, not 3.0)
    assertTrue(
        version.isTextual() && version.asText().matches("3\\.\\d+\\.\\d+"), version.toString());
    assertFalse(t.path("Parameters").path("StageName").path("Default").asText().equals("Stage"));
  }

  @Test
  void theAliasFollowsEveryConfigurationChange() throws Exception {
    JsonNode t = template();
    assertEquals("live", t.path("Globals").path("Function").path("AutoPublishAlias").asText());
    for (Map.Entry<String, JsonNode> fn : resources(t, "AWS::Serverless::Function").entrySet()) {
      JsonNode p = fn.getValue().path("Properties");
      assertTrue(p.path("AutoPublishAliasAllProperties").asBoolean(), fn.getKey());
      // SAM resolves this parameter reference (and no other) into the version's logical id
      assertEquals("DeployRevision", p.path("AutoPublishCodeSha256").asText(), fn.getKey());
    }
    // and the function's configuration changes with it, so the new version can be published
    assertEquals(
        "DeployRevision",
        t.path("Globals")
            .path("Function")
            .path("Environment")
            .path("Variables")
            .path("DEPLOY_REVISION")
            .asText());
    Path root = Path.of(System.getProperty("repo.root", "../.."));
    assertTrue(Files.readString(root.resolve("docs/operations.md")).contains("DeployRevision"));
  }

  @Test
  void aCustomDomainRequiresACertificateBeforeDeploying() throws Exception {
    JsonNode rule = template().path("Rules").path("CustomDomainNeedsCertificate");
    assertTrue(rule.path("RuleCondition").toString().contains("CustomDomainName"));
    JsonNode assertion = rule.path("Assertions").path(0);
    assertTrue(assertion.path("Assert").toString().contains("CustomDomainCertificateArn"));
    assertFalse(assertion.path("AssertDescription").asText().isBlank());
  }

  @Test
  void serverErrorsAreScimErrorsWithRetryAfter() throws Exception {
    JsonNode responses = SecurityTemplateTest.api(template()).path("GatewayResponses");
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      int status = r.getValue().path("StatusCode").asInt();
      if (status != 503 && status != 504) {
        continue;
      }
      checked++;
      String retry =
          r.getValue().path("ResponseParameters").path("Headers").path("Retry-After").asText();
      assertTrue(retry.matches("'[1-9][0-9]*'"), r.getKey());
      String body = r.getValue().path("ResponseTemplates").path("application/json").asText();
      assertTrue(body.contains("\"status\":\"" + status + "\""), r.getKey());
      assertTrue(body.contains("$context.requestId"), r.getKey());
    }
    for (String type :
        new String[] {
          "DEFAULT_5XX", "AUTHORIZER_FAILURE", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT"
        }) {
      assertTrue(responses.has(type), type);
    }
    assertTrue(checked >= 5);
  }

  @Test
  void savedQueriesCoverTheTroubleshootingCases() throws Exception {
    JsonNode t = template();
    Map<String, JsonNode> queries = resources(t, "AWS::Logs::QueryDefinition");
    Set<String> names = new TreeSet<>();
    Set<String> groups = resources(t, "AWS::Logs::LogGroup").keySet();
    for (JsonNode q : queries.values()) {
      String name = q.path("Properties").path("Name").asText();
      names.add(name.substring(name.lastIndexOf('/') + 1));
      for (JsonNode g : q.path("Properties").path("LogGroupNames")) {
        assertTrue(groups.contains(g.asText()), name + " reads " + g);
      }
      assertFalse(q.path("Properties").path("QueryString").asText().isBlank());
    }
    assertTrue(
        names.containsAll(
            Set.of(
                "401s-by-tenant",
                "409s-by-tenant",
                "429s",
                "5xx-with-request-id",
                "slowest-routes",
                "one-request-by-id")),
        names.toString());
  }

  @Test
  void theDashboardShowsEveryFunctionAndTheRoutes() throws Exception {
    JsonNode t = template();
    String body =
        t.path("Resources").path("Dashboard").path("Properties").path("DashboardBody").asText();
    JsonNode dashboard = JSON.readTree(body.replaceAll("\\$\\{[^}]+}", "x"));
    String all = dashboard.toString();
    for (String fn : resources(t, "AWS::Serverless::Function").keySet()) {
      assertTrue(body.contains("${" + fn + "}"), fn);
    }
    assertTrue(all.contains("by httpMethod, resourcePath"), "per-route widget");
    assertTrue(all.contains("5XXError") && all.contains("Status429"));
  }
}
