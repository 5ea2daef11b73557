package dev.scimserverless.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Runscope JSON property: JavaScript member and index notation such as {@code
 * Resources[0].emails[0].value}. An empty property selects the whole body.
 */
public final class JsonProperty {
  /** One step of the path: a member name or an array index. */
  private sealed interface Segment {}

  private record Member(String name) implements Segment {}

  private record Index(int index) implements Segment {}

  private final String text;
  private final List<Segment> segments;

  private JsonProperty(String text, List<Segment> segments) {
    this.text = text;
    this.segments = List.copyOf(segments);
  }

  /** Parses a property; a malformed one is an error, never a silent miss. */
  public static JsonProperty parse(String text) {
    String s = text == null ? "" : text.strip();
    List<Segment> segments = new ArrayList<>();
    int i = 0;
    boolean expectMember = true;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '[') {
        int close = s.indexOf(']', i);
        if (close < 0) {
          throw malformed(text, "unclosed '['");
        }
        String digits = s.substring(i + 1, close).strip();
        if (!digits.matches("\\d+")) {
          throw malformed(text, "index '" + digits + "' is not a non-negative integer");
        }
        segments.add(new Index(Integer.parseInt(digits)));
        i = close + 1;
        expectMember = false;
      } else if (c == '.') {
        if (expectMember || i + 1 >= s.length()) {
          throw malformed(text, "empty member name");
        }
        i++;
        expectMember = true;
      } else {
        if (!expectMember) {
          throw malformed(text, "expected '.' or '[' at " + i);
        }
        int end = i;
        while (end < s.length() && s.charAt(end) != '.' && s.charAt(end) != '[') {
          end++;
        }
        segments.add(new Member(s.substring(i, end)));
        i = end;
        expectMember = false;
      }
    }
    if (expectMember && !segments.isEmpty()) {
      throw malformed(text, "ends with '.'");
    }
    return new JsonProperty(s, segments);
  }

  private static IllegalArgumentException malformed(String text, String why) {
    return new IllegalArgumentException("Malformed JSON property '" + text + "': " + why);
  }

  /** The value at this property, or a missing node when any step of the path is absent. */
  public JsonNode select(JsonNode root) {
    JsonNode node = root;
    for (Segment segment : segments) {
      if (node == null || node.isMissingNode()) {
        return MissingNode.getInstance();
      }
      if (segment instanceof Member m) {
        node = node.isObject() ? node.get(m.name()) : null;
      } else {
        Index ix = (Index) segment;
        node = node.isArray() ? node.get(ix.index()) : null;
      }
    }
    return node == null ? MissingNode.getInstance() : node;
  }

  @Override
  public String toString() {
    return text;
  }
}
