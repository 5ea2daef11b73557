package dev.scimserverless.local.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Runscope test export ({@code "steps"} of request and pause steps). Parsing is strict: a step
 * type, source or comparison the runner does not implement, or a request feature it would ignore
 * (step auth, forms, binary bodies, pre-request scripts), is an error rather than a silent pass.
 *
 * @param name the test's name
 * @param steps the steps, in order
 */
public record RunscopeSuite(String name, List<Step> steps) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public RunscopeSuite {
    steps = List.copyOf(steps);
  }

  /** Reads an export file. */
  public static RunscopeSuite read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** Parses an export. */
  public static RunscopeSuite parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a Runscope export: " + e.getOriginalMessage(), e);
    }
    JsonNode steps = root.path("steps");
    if (!steps.isArray()) {
      throw new IllegalArgumentException("Not a Runscope export: no \"steps\" array");
    }
    List<Step> parsed = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      try {
        parsed.add(step(steps.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Step " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new RunscopeSuite(root.path("name").asText(""), parsed);
  }

  /** The request steps, in order. */
  public List<Step.Request> requests() {
    List<Step.Request> requests = new ArrayList<>();
    for (Step s : steps) {
      if (s instanceof Step.Request r) {
        requests.add(r);
      }
    }
    return requests;
  }

  private static Step step(JsonNode step) {
    String type = step.path("step_type").asText();
    return switch (type) {
      case "pause" -> new Step.Pause(step.path("duration").asInt());
      case "request" -> request(step);
      default -> throw new IllegalArgumentException("Unknown step_type '" + type + "'");
    };
  }

  private static Step.Request request(JsonNode step) {
    requireEmpty(step, "auth");
    requireEmpty(step, "form");
    requireEmpty(step, "multipart_form");
    requireEmpty(step, "binary_body");
    if (!nonBlank(step.path("before_scripts")).isEmpty()) {
      throw new IllegalArgumentException("before_scripts are not supported");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = step.path("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      List<String> values = new ArrayList<>();
      if (h.getValue().isArray()) {
        h.getValue().forEach(v -> values.add(v.asText()));
      } else {
        values.add(h.getValue().asText());
      }
      headers.put(h.getKey(), values);
    }
    List<Assertion> assertions = new ArrayList<>();
    for (JsonNode a : step.path("assertions")) {
      assertions.add(
          new Assertion(
              Source.of(a.path("source").asText()),
              textOrNull(a.path("property")),
              Comparison.of(a.path("comparison").asText()),
              textOrNull(a.path("value"))));
    }
    List<Capture> captures = new ArrayList<>();
    for (JsonNode v : step.path("variables")) {
      captures.add(
          new Capture(
              v.path("name").asText(),
              Source.of(v.path("source").asText()),
              textOrNull(v.path("property"))));
    }
    String method = step.path("method").asText();
    String url = step.path("url").asText();
    if (method.isEmpty() || url.isEmpty()) {
      throw new IllegalArgumentException("request without method or url");
    }
    return new Step.Request(
        step.path("note").asText(""),
        step.path("skipped").asBoolean(false),
        method,
        url,
        headers,
        textOrNull(step.path("body")),
        assertions,
        captures,
        nonBlank(step.path("scripts")));
  }

  private static void requireEmpty(JsonNode step, String field) {
    JsonNode node = step.path(field);
    boolean empty =
        node.isMissingNode()
            || node.isNull()
            || (node.isContainerNode() && node.size() == 0)
            || (node.isTextual() && node.textValue().isEmpty());
    if (!empty) {
      throw new IllegalArgumentException("\"" + field + "\" is not supported: " + node);
    }
  }

  private static List<String> nonBlank(JsonNode scripts) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : scripts) {
      if (!s.asText().isBlank()) {
        out.add(s.asText());
      }
    }
    return out;
  }

  private static String textOrNull(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }
}
