package dev.scimserverless.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a Runscope test against a live endpoint: request steps in order, pauses skipped, {@code
 * {{variables}}} resolved in URL, headers, body and targets, variables captured from responses,
 * every assertion evaluated and every post-response script run through its Java translation. A
 * failing step does not stop the run: later steps run with whatever variables exist.
 */
public final class Replay {
  private static final String URL_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

  private final Transport transport;
  private final Map<String, ScriptCheck> scripts;

  /**
   * @param transport how requests are sent
   * @param scripts Java translations of the post-response scripts, keyed by {@link ScriptCheck#key}
   */
  public Replay(Transport transport, Map<String, ScriptCheck> scripts) {
    this.transport = transport;
    this.scripts = new HashMap<>();
    scripts.forEach((k, v) -> this.scripts.put(ScriptCheck.key(k), v));
  }

  /** Runs every step; the initial variables are those the export's initial script would set. */
  public ReplayReport run(RunscopeSuite suite, Map<String, String> initialVariables) {
    Map<String, String> variables = new HashMap<>(initialVariables);
    List<StepOutcome> outcomes = new ArrayList<>();
    int number = 0;
    for (Step step : suite.steps()) {
      if (step instanceof Step.Request request) {
        outcomes.add(run(++number, request, variables));
      }
    }
    return new ReplayReport(suite.name(), outcomes);
  }

  private StepOutcome run(int number, Step.Request step, Map<String, String> variables) {
    if (step.skipped()) {
      return new StepOutcome(number, step.note(), true, null, List.of(), List.of());
    }
    String note = resolveOr(step.note(), variables);
    String url;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String body;
    try {
      url = encodeUrl(Template.resolve(step.url(), variables));
      step.headers()
          .forEach(
              (name, values) ->
                  headers.put(
                      name, values.stream().map(v -> Template.resolve(v, variables)).toList()));
      body = Template.resolve(step.body(), variables);
    } catch (IllegalStateException e) {
      return new StepOutcome(number, note, false, null, List.of(), List.of(e.getMessage()));
    }
    Exchange exchange;
    try {
      exchange =
          new Exchange(
              step.method(), url, headers, body, transport.send(step.method(), url, headers, body));
    } catch (IOException | IllegalArgumentException e) {
      Exchange unanswered = new Exchange(step.method(), url, headers, body, null);
      return new StepOutcome(
          number, note, false, unanswered, List.of(), List.of("request failed: " + e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return check(number, note, step, exchange, variables);
  }

  /**
   * Evaluates a step's assertions and scripts against the response it got, then sets its captured
   * variables.
   *
   * @param variables the variables so far, for targets; captures are added to it
   */
  public StepOutcome check(
      int number,
      String note,
      Step.Request step,
      Exchange exchange,
      Map<String, String> variables) {
    Response response = exchange.response();
    List<AssertionOutcome> assertions = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Assertion a : step.assertions()) {
      try {
        String target = Template.resolve(a.value(), variables);
        JsonNode actual = a.source().actual(response, a.property());
        String actualText =
            a.source() == Source.RESPONSE_JSON && response.json() == null
                ? "(body is not JSON)"
                : Comparison.text(actual);
        assertions.add(
            new AssertionOutcome(a, target, actualText, a.comparison().test(actual, target)));
      } catch (IllegalStateException | IllegalArgumentException e) {
        assertions.add(
            new AssertionOutcome(a, a.value(), "(not evaluated: " + e.getMessage() + ")", false));
      }
    }
    for (String script : step.scripts()) {
      ScriptCheck translation = scripts.get(ScriptCheck.key(script));
      if (translation == null) {
        errors.add("script has no Java translation, so it was not run:\n" + script);
      } else {
        translation.check(response).ifPresent(failure -> errors.add("script: " + failure));
      }
    }
    for (Capture c : step.captures()) {
      JsonNode value = c.source().actual(response, c.property());
      if (value.isMissingNode() || value.isNull()) {
        variables.remove(c.name());
      } else {
        variables.put(c.name(), value.isTextual() ? value.textValue() : value.toString());
      }
    }
    return new StepOutcome(number, note, false, exchange, assertions, errors);
  }

  /**
   * Percent-encodes the characters a URL may not hold as they are (spaces, quotes, non-ASCII), as a
   * browser or Runscope does; everything else, including existing escapes, stays.
   */
  public static String encodeUrl(String url) {
    StringBuilder out = new StringBuilder();
    for (byte b : url.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && URL_CHARS.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String resolveOr(String template, Map<String, String> variables) {
    try {
      return Template.resolve(template, variables);
    } catch (IllegalStateException e) {
      return template;
    }
  }
}
