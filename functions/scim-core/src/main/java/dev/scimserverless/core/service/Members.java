package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.ScimValues;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reading and writing the {@code members} attribute of a Group: user ids only. */
final class Members {
  private Members() {}

  /**
   * The user ids of a members value: an array (or one element) of {@code {"value": id}} objects, or
   * of bare id strings (lenient). {@code display} and {@code $ref} are ignored; a member of type
   * Group is refused (nested groups are not supported).
   */
  static List<String> ids(JsonNode value) {
    Set<String> ids = new LinkedHashSet<>();
    if (value == null || value.isNull()) {
      return List.of();
    }
    Iterable<JsonNode> elements = value.isArray() ? value : List.of(value);
    for (JsonNode element : elements) {
      String id = null;
      if (element.isTextual()) {
        id = element.asText();
      } else if (element.isObject()) {
        JsonNode type = ScimValues.member((ObjectNode) element, "type");
        if (type != null && type.asText().equalsIgnoreCase("Group")) {
          throw ScimException.invalidValue("Nested groups are not supported: members are users.");
        }
        JsonNode v = ScimValues.member((ObjectNode) element, "value");
        id = v == null || v.isNull() ? null : v.asText();
      }
      if (id == null || id.isBlank()) {
        throw ScimException.invalidValue("Every member needs a 'value' with the user's id.");
      }
      ids.add(id.trim());
    }
    return List.copyOf(ids);
  }

  /**
   * Removes {@code members} (also written URN-qualified, {@code
   * urn:ietf:params:scim:schemas:core:2.0:Group:members}) from a client's Group body; returns its
   * ids if it was present.
   */
  static Optional<List<String>> extract(ObjectNode body) {
    Optional<List<String>> out = Optional.empty();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (isMembersKey(field.getKey())) {
        out = Optional.of(ids(field.getValue()));
        it.remove();
      }
    }
    return out;
  }

  /** {@code members}, plain or qualified by the core Group schema URN, in any case. */
  static boolean isMembersKey(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.equals("members") || k.equals(GROUP_URN_PREFIX + "members");
  }

  private static final String GROUP_URN_PREFIX =
      dev.scimserverless.core.resource.ResourceType.GROUP
              .schema()
              .toLowerCase(java.util.Locale.ROOT)
          + ":";

  /** The members attribute for a response. */
  static ArrayNode toJson(List<String> userIds) {
    ArrayNode members = Json.array();
    for (String id : userIds) {
      members.addObject().put("value", id).put("type", "User");
    }
    return members;
  }
}
