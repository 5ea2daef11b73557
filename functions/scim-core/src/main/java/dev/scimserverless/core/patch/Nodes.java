package dev.scimserverless.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Members of JSON objects by name, case-insensitively, as SCIM attribute names are. */
final class Nodes {
  private Nodes() {}

  /** The member called {@code name} in any case; null when absent or not an object. */
  static JsonNode get(JsonNode object, String name) {
    return Json.member(object, name);
  }

  /** Sets {@code name}, replacing a member of the same name in another case. */
  static void set(ObjectNode object, String name, JsonNode value) {
    removeOtherCases(object, name);
    object.set(name, value);
  }

  /** Removes the member called {@code name} in any case. */
  static void remove(ObjectNode object, String name) {
    object.remove(name);
    removeOtherCases(object, name);
  }

  private static void removeOtherCases(ObjectNode object, String name) {
    List<String> others = new ArrayList<>();
    object
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!key.equals(name) && key.equalsIgnoreCase(name)) {
                others.add(key);
              }
            });
    object.remove(others);
  }
}
