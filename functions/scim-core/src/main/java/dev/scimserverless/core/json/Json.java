package dev.scimserverless.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/** The one JSON mapper of the project: tree model only, no data binding (cold start). */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Parses a request body; anything that is not JSON is a 400 invalidSyntax. */
  public static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      throw ScimException.invalidSyntax("The request body is empty.");
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw ScimException.invalidSyntax("The request body is empty.");
      }
      requireWellFormedText(node);
      return node;
    } catch (JsonProcessingException e) {
      throw ScimException.invalidSyntax(syntaxDetail(e));
    }
  }

  /**
   * The words for a JSON parse failure, the one place that phrases them: what is wrong and where,
   * in the client's terms, never the parser's message (which names parser classes and settings,
   * such as {@code StreamReadFeature}, and echoes the input).
   */
  public static String syntaxDetail(JsonProcessingException e) {
    String what = problem(e);
    JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 1 || at.getColumnNr() < 1) {
      return what + ".";
    }
    return what + " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ").";
  }

  private static String problem(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      if (message.contains("nesting depth")) {
        return "The request body is nested too deeply (more than "
            + StreamReadConstraints.DEFAULT_MAX_DEPTH
            + " levels)";
      }
      if (message.contains("Number")) {
        return "The request body holds a number with too many digits";
      }
      if (message.contains("String") || message.contains("Name")) {
        return "The request body holds a string or a name that is too long";
      }
      return "The request body exceeds the limits of a JSON document";
    }
    if (e instanceof JsonEOFException) {
      return "The request body is not valid JSON: it ends before the value is complete";
    }
    if (message.startsWith("Duplicate field")) {
      return "The request body is not valid JSON: an object has the same member twice";
    }
    if (message.startsWith("Trailing token")) {
      return "The request body is not valid JSON: there is more after the value";
    }
    if (message.contains("surrogate")) {
      return "The request body holds a string that is not valid Unicode";
    }
    return "The request body is not valid JSON";
  }

  /**
   * Refuses text that is not well-formed Unicode: a lone UTF-16 surrogate ({@code "\ud800"}) in a
   * string or a name cannot be stored or compared reliably.
   */
  private static void requireWellFormedText(JsonNode root) {
    Deque<JsonNode> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isTextual()) {
        checkText(node.asText());
      } else if (node.isObject()) {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
          checkText(f.getKey());
          pending.push(f.getValue());
        }
      } else if (node.isArray()) {
        node.forEach(pending::push);
      }
    }
  }

  private static void checkText(String text) {
    if (!Text.isWellFormed(text)) {
      throw ScimException.invalidSyntax(
          "The request body holds a string that is not valid Unicode (a lone surrogate).");
    }
  }

  /** Parses a request body that must be a JSON object. */
  public static ObjectNode parseObject(String text) {
    JsonNode node = parse(text);
    if (!node.isObject()) {
      throw ScimException.invalidSyntax("The request body must be a JSON object.");
    }
    return (ObjectNode) node;
  }

  /** Parses JSON the server wrote itself (stored documents); failures are internal errors. */
  public static ObjectNode readStored(String text) {
    try {
      return (ObjectNode) MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored document is not JSON", e);
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON", e);
    }
  }
}
