package dev.scimserverless.local.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Runscope runner's own logic: paths, comparisons, templates, parsing, and that it can fail.
 */
class OktaSpecRunnerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  private static final String LIST =
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,
       "Resources":[{"id":"u1","active":false,"name":{"givenName":""},
                     "emails":[{"value":"a@b.c"}]}]}\
      """;

  // ---- JSON properties

  @Test
  void propertySelectsMembersAndIndexes() throws Exception {
    JsonNode body = json(LIST);
    assertEquals("a@b.c", JsonProperty.parse("Resources[0].emails[0].value").select(body).asText());
    assertEquals("u1", JsonProperty.parse(" Resources[0].id ").select(body).asText());
    assertEquals(1, JsonProperty.parse("totalResults").select(body).asInt());
    assertEquals(body, JsonProperty.parse("").select(body));
    assertEquals(body, JsonProperty.parse(null).select(body));
    assertEquals("x", JsonProperty.parse("[1]").select(json("[0,\"x\"]")).asText());
  }

  @Test
  void absentPropertiesAreMissingNeverAnError() throws Exception {
    JsonNode body = json(LIST);
    for (String p :
        List.of(
            "Resources[1].id",
            "Resources[0].nope",
            "nope.deeper[3].x",
            "totalResults.x",
            "schemas.x",
            "Resources.id",
            "totalResults[0]")) {
      assertTrue(JsonProperty.parse(p).select(body).isMissingNode(), p);
    }
  }

  @Test
  void malformedPropertiesAreRejected() {
    for (String p : List.of("a..b", ".a", "a.", "a[x]", "a[-1]", "a[0", "a[0]b", "a[]")) {
      assertThrows(IllegalArgumentException.class, () -> JsonProperty.parse(p), p);
    }
  }

  // ---- comparisons

  @Test
  void everyComparisonPassesAndFails() throws Exception {
    JsonNode body = json(LIST);
    JsonNode schemas = body.get("schemas");
    JsonNode missing = MissingNode.getInstance();
    record Case(Comparison c, JsonNode actual, String target, boolean expected) {}
    List<Case> cases =
        List.of(
            new Case(Comparison.EQUAL, json("\"u1\""), "u1", true),
            new Case(Comparison.EQUAL, json("\"u1\""), "u2", false),
            new Case(Comparison.EQUAL, json("true"), "true", true),
            new Case(Comparison.EQUAL, json("false"), "true", false),
            new Case(Comparison.EQUAL, json("0"), "0", true),
            new Case(Comparison.EQUAL, json("\"401\""), "401", true),
            new Case(Comparison.EQUAL, json("401"), "401", true),
            new Case(Comparison.EQUAL, missing, "(absent)", false),
            new Case(Comparison.EQUAL, json("null"), "null", false),
            new Case(Comparison.EQUAL_NUMBER, json("200"), "200", true),
            new Case(Comparison.EQUAL_NUMBER, json("200.0"), "200", true),
            new Case(Comparison.EQUAL_NUMBER, json("201"), "200", false),
            new Case(Comparison.EQUAL_NUMBER, json("\"0\""), "0", false),
            new Case(Comparison.EQUAL_NUMBER, missing, "0", false),
            new Case(Comparison.IS_LESS_THAN, json("599"), "600", true),
            new Case(Comparison.IS_LESS_THAN, json("600"), "600", false),
            new Case(Comparison.IS_LESS_THAN, json("\"1\""), "600", false),
            new Case(Comparison.IS_A_NUMBER, json("1"), null, true),
            new Case(Comparison.IS_A_NUMBER, json("1.5"), null, true),
            new Case(Comparison.IS_A_NUMBER, json("\"1\""), null, false),
            new Case(Comparison.IS_A_NUMBER, missing, null, false),
            new Case(Comparison.NOT_EMPTY, json("\"x\""), null, true),
            new Case(Comparison.NOT_EMPTY, json("false"), null, true),
            new Case(Comparison.NOT_EMPTY, json("0"), null, true),
            new Case(Comparison.NOT_EMPTY, json("[1]"), null, true),
            new Case(Comparison.NOT_EMPTY, json("\"\""), null, false),
            new Case(Comparison.NOT_EMPTY, json("[]"), null, false),
            new Case(Comparison.NOT_EMPTY, json("{}"), null, false),
            new Case(Comparison.NOT_EMPTY, json("null"), null, false),
            new Case(Comparison.NOT_EMPTY, missing, null, false),
            new Case(
                Comparison.HAS_VALUE,
                schemas,
                "urn:ietf:params:scim:api:messages:2.0:ListResponse",
                true),
            new Case(
                Comparison.HAS_VALUE,
                schemas,
                "urn:ietf:params:scim:api:messages:2.0:Error",
                false),
            new Case(Comparison.HAS_VALUE, json("{\"k\":\"v\"}"), "v", true),
            new Case(Comparison.HAS_VALUE, json("\"v\""), "v", false),
            new Case(Comparison.HAS_VALUE, missing, "v", false),
            new Case(
                Comparison.CONTAINS,
                schemas,
                "urn:ietf:params:scim:api:messages:2.0:ListResponse",
                true),
            new Case(
                Comparison.CONTAINS, schemas, "urn:ietf:params:scim:schemas:core:2.0:User", false),
            new Case(Comparison.CONTAINS, json("\"abcdef\""), "cde", true),
            new Case(Comparison.CONTAINS, json("\"abcdef\""), "xyz", false),
            new Case(Comparison.CONTAINS, json("{\"k\":\"v\"}"), "k", true),
            new Case(Comparison.CONTAINS, json("{\"k\":\"v\"}"), "v", false),
            new Case(Comparison.CONTAINS, missing, "", false));
    Set<Comparison> covered = EnumSet.noneOf(Comparison.class);
    for (Case c : cases) {
      assertEquals(c.expected(), c.c().test(c.actual(), c.target()), c.toString());
      if (c.expected()) {
        covered.add(c.c());
      }
    }
    assertEquals(EnumSet.allOf(Comparison.class), covered, "every comparison can pass");
  }

  @Test
  void unknownComparisonsAndSourcesAndMissingTargetsAreErrors() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Comparison.of("is_greater_than"));
    assertTrue(e.getMessage().contains("is_greater_than"));
    assertThrows(IllegalArgumentException.class, () -> Source.of("response_header"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Comparison.EQUAL.test(MissingNode.getInstance(), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> Comparison.EQUAL_NUMBER.test(MissingNode.getInstance(), "ten"));
  }

  // ---- templates and URLs

  @Test
  void templatesResolveAndAnUnsetVariableIsAnError() {
    Map<String, String> v = Map.of("a", "1", "base", "http://h/scim/v2", "d", "$x\\y");
    assertEquals("http://h/scim/v2/Users/1", Template.resolve("{{base}}/Users/{{ a }}", v));
    assertEquals("$x\\y", Template.resolve("{{d}}", v));
    assertEquals("plain {x}", Template.resolve("plain {x}", v));
    assertEquals(null, Template.resolve(null, v));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Template.resolve("{{nope}}", v));
    assertTrue(e.getMessage().contains("{{nope}}"));
  }

  @Test
  void urlsAreEncodedLikeABrowserWould() {
    assertEquals(
        "http://127.0.0.1:1/scim/v2/Users?filter=userName%20eq%20%22A.b@atko.com%22",
        Replay.encodeUrl("http://127.0.0.1:1/scim/v2/Users?filter=userName eq \"A.b@atko.com\""));
    assertEquals(
        "http://h/Users?count=1&startIndex=1",
        Replay.encodeUrl("http://h/Users?count=1&startIndex=1"));
    assertEquals("http://h/%C3%A9%20%25", Replay.encodeUrl("http://h/é %25"));
  }

  // ---- parsing

  private static final String SUITE =
      """
      {"name":"mini","steps":[
        {"step_type":"request","note":"list","auth":{},"multipart_form":[],"method":"GET",
         "url":"{{base}}/Users?filter=userName eq \\"{{who}}\\"",
         "headers":{"Authorization":["{{auth}}"],"Accept":["application/scim+json"]},
         "assertions":[
           {"source":"response_status","comparison":"equal_number","value":"200"},
           {"source":"response_json","property":"Resources[0].id","comparison":"not_empty","value":null}],
         "variables":[{"source":"response_json","name":"id","property":"Resources[0].id"}],
         "scripts":[""],"before_scripts":[]},
        {"step_type":"pause","duration":5},
        {"step_type":"request","note":"get {{id}}","method":"GET","url":"{{base}}/Users/{{id}}",
         "headers":{"Authorization":["not-a-token"]},
         "assertions":[{"source":"response_json","property":"id","comparison":"equal","value":"{{id}}"}],
         "variables":[],"scripts":["check();"]},
        {"step_type":"request","note":"skipped","skipped":true,"method":"DELETE","url":"{{nope}}",
         "headers":{},"assertions":[],"variables":[]}
      ]}\
      """;

  @Test
  void parsesStepsPausesAssertionsAndCaptures() {
    RunscopeSuite suite = RunscopeSuite.parse(SUITE);
    assertEquals("mini", suite.name());
    assertEquals(4, suite.steps().size());
    assertEquals(new Step.Pause(5), suite.steps().get(1));
    List<Step.Request> requests = suite.requests();
    assertEquals(3, requests.size());
    Step.Request first = requests.get(0);
    assertEquals(List.of("{{auth}}"), first.headers().get("Authorization"));
    assertEquals(
        new Assertion(Source.RESPONSE_STATUS, null, Comparison.EQUAL_NUMBER, "200"),
        first.assertions().get(0));
    assertEquals(
        new Capture("id", Source.RESPONSE_JSON, "Resources[0].id"), first.captures().get(0));
    assertEquals(List.of(), first.scripts(), "blank scripts are dropped");
    assertEquals(List.of("check();"), requests.get(1).scripts());
    assertTrue(requests.get(2).skipped());
  }

  @Test
  void unsupportedExportFeaturesAreErrorsNamingTheStep() {
    String unknownComparison = SUITE.replace("\"not_empty\"", "\"matches_regex\"");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RunscopeSuite.parse(unknownComparison));
    assertTrue(
        e.getMessage().startsWith("Step 1:") && e.getMessage().contains("matches_regex"),
        e.getMessage());
    for (String bad :
        List.of(
            SUITE.replace("\"auth\":{}", "\"auth\":{\"auth_type\":\"basic\"}"),
            SUITE.replace("\"before_scripts\":[]", "\"before_scripts\":[\"x()\"]"),
            SUITE.replace("\"step_type\":\"pause\"", "\"step_type\":\"condition\""),
            SUITE.replace("\"source\":\"response_status\"", "\"source\":\"response_size\""),
            "{\"name\":\"x\"}")) {
      assertThrows(IllegalArgumentException.class, () -> RunscopeSuite.parse(bad), bad);
    }
  }

  // ---- the replay

  /** A scripted server: answers by URL, records what it was sent. */
  private static final class FakeServer implements Transport {
    final List<String> sent = new ArrayList<>();
    final Map<String, Response> answers = new HashMap<>();

    @Override
    public Response send(
        String method, String url, Map<String, List<String>> headers, String body) {
      sent.add(method + " " + url + " " + headers);
      Response r = answers.get(url);
      return r == null ? new Response(404, 1, Map.of(), "{\"detail\":\"no\"}") : r;
    }
  }

  private static Response ok(String body) {
    return new Response(200, 3, Map.of("Content-Type", List.of("application/scim+json")), body);
  }

  @Test
  void replaysInOrderWithVariablesAndReportsAFailingStep() {
    FakeServer server = new FakeServer();
    server.answers.put("http://h/Users?filter=userName%20eq%20%22bob%22", ok(LIST));
    server.answers.put("http://h/Users/u1", ok("{\"id\":\"u2\"}"));
    Map<String, ScriptCheck> scripts =
        Map.of(
            "check();",
            r -> r.status() == 200 ? java.util.Optional.empty() : java.util.Optional.of("bad"));
    ReplayReport report =
        new Replay(server, scripts)
            .run(
                RunscopeSuite.parse(SUITE),
                Map.of("base", "http://h", "who", "bob", "auth", "Bearer t"));

    assertEquals(
        List.of(
            "GET http://h/Users?filter=userName%20eq%20%22bob%22 {Authorization=[Bearer t],"
                + " Accept=[application/scim+json]}",
            "GET http://h/Users/u1 {Authorization=[not-a-token]}"),
        server.sent,
        "pauses and skipped steps send nothing; captures feed later URLs");
    assertEquals(3, report.steps().size());
    assertTrue(report.steps().get(0).passed(), report.describe());
    assertTrue(report.steps().get(2).skipped());

    StepOutcome failed = report.steps().get(1);
    assertFalse(failed.passed());
    assertEquals("get u1", failed.note());
    assertFalse(report.passed());
    assertEquals(List.of(failed), report.failures());
    String text = report.describe();
    assertTrue(text.contains("FAILED: response_json id equal \"u1\"; actual: u2"), text);
    assertTrue(text.contains("> GET http://h/Users/u1"), text);
    assertTrue(text.contains("< 200 (3 ms)"), text);
    assertTrue(text.contains("< {\"id\":\"u2\"}"), text);
  }

  @Test
  void anUntranslatedScriptOrAnUnsetVariableOrATransportErrorFailsTheStep() {
    RunscopeSuite suite = RunscopeSuite.parse(SUITE);
    FakeServer server = new FakeServer();
    server.answers.put("http://h/Users?filter=userName%20eq%20%22bob%22", ok(LIST));
    server.answers.put("http://h/Users/u1", ok("{\"id\":\"u1\"}"));
    Map<String, String> vars = Map.of("base", "http://h", "who", "bob", "auth", "Bearer t");

    ReplayReport noScript = new Replay(server, Map.of()).run(suite, vars);
    StepOutcome second = noScript.steps().get(1);
    assertTrue(second.assertions().stream().allMatch(AssertionOutcome::passed));
    assertFalse(second.passed());
    assertTrue(second.errors().get(0).contains("no Java translation"), second.errors().toString());

    ReplayReport noVariable =
        new Replay(server, Map.of("check();", r -> java.util.Optional.empty()))
            .run(suite, Map.of("base", "http://h", "who", "bob"));
    StepOutcome first = noVariable.steps().get(0);
    assertFalse(first.passed());
    assertTrue(first.errors().get(0).contains("{{auth}}"), first.errors().toString());

    Transport broken =
        (m, u, h, b) -> {
          throw new java.io.IOException("connection refused");
        };
    ReplayReport down = new Replay(broken, Map.of()).run(suite, vars);
    assertFalse(down.steps().get(0).passed());
    assertTrue(down.describe().contains("connection refused"), down.describe());
    assertTrue(down.describe().contains("(no response)"), down.describe());
  }

  @Test
  void aJsonAssertionOnANonJsonBodyFails() {
    Step.Request step = RunscopeSuite.parse(SUITE).requests().get(0);
    Exchange exchange =
        new Exchange("GET", "http://h", Map.of(), null, new Response(200, 1, Map.of(), "<html>"));
    Map<String, String> vars = new HashMap<>();
    StepOutcome outcome =
        new Replay(new FakeServer(), Map.of()).check(1, "n", step, exchange, vars);
    assertFalse(outcome.passed());
    assertEquals("(body is not JSON)", outcome.assertions().get(1).actual());
    assertTrue(outcome.assertions().get(0).passed());
    assertFalse(vars.containsKey("id"), "nothing captured from a non-JSON body");
  }

  // ---- the Okta export itself

  @Test
  void theOktaExportParsesAndUsesOnlyWhatTheRunnerImplements() throws Exception {
    Path file = OktaSpec.suiteFile();
    assertTrue(
        Files.isRegularFile(file),
        "Okta conformance suite not found at "
            + file
            + " (expected ../shared/conformance beside the checkout, as in CI)");
    RunscopeSuite suite = RunscopeSuite.read(file);
    assertEquals(12, suite.requests().size());
    Set<String> scripted = new HashSet<>();
    for (Step.Request r : suite.requests()) {
      scripted.addAll(r.scripts());
    }
    Set<String> translated = new HashSet<>();
    OktaSpec.scripts().keySet().forEach(k -> translated.add(ScriptCheck.key(k)));
    for (String script : scripted) {
      assertTrue(translated.contains(ScriptCheck.key(script)), "no translation for:\n" + script);
    }
    assertEquals(1, scripted.size());
  }

  @Test
  void initialVariablesAreExactlyThoseOfTheInitialScript() throws Exception {
    Path file = OktaSpec.initialScriptFile();
    assertTrue(Files.isRegularFile(file), "Okta initial script not found at " + file);
    Set<String> set = new HashSet<>();
    Matcher m = Pattern.compile("variables\\.set\\(\"([^\"]+)\"").matcher(Files.readString(file));
    while (m.find()) {
      set.add(m.group(1));
    }
    Map<String, String> v = OktaSpec.initialVariables(new SplittableRandom(7));
    assertEquals(set, v.keySet());
    assertTrue(v.get("randomGivenName").matches("Runscope\\d{3}"), v.toString());
    assertTrue(v.get("randomFamilyName").matches("[A-Z][a-z]{8}\\d{3}"), v.toString());
    assertEquals(
        v.get("randomGivenName") + v.get("randomFamilyName") + "@atko.com", v.get("randomEmail"));
    assertEquals(v.get("randomEmail"), v.get("randomUsername"));
    assertEquals(v.get("randomUsername").toUpperCase(), v.get("randomUsernameCaps"));
  }

  @Test
  void theGroupsScriptFailsOnlyWhenTheBodyIsNotJson() {
    ScriptCheck groups = OktaSpec.scripts().get(OktaSpec.GROUPS_SCRIPT);
    assertTrue(groups.check(ok("{\"totalResults\":0,\"Resources\":[]}")).isEmpty());
    assertTrue(groups.check(ok("{\"totalResults\":2,\"Resources\":[{},{}]}")).isEmpty());
    assertTrue(groups.check(ok("not json")).isPresent());
    assertTrue(groups.check(ok("")).isPresent());
    assertTrue(groups.check(ok("null")).isPresent());
  }
}
