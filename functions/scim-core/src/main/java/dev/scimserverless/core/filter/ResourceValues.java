package dev.scimserverless.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.schema.AttributePath;
import dev.scimserverless.core.schema.ScimValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the values an attribute path designates in a resource document. Member names compare
 * case-insensitively; a schema-URN-qualified path looks inside the document's member of that URN
 * (an extension such as the enterprise User), and a core-schema URN with no such member refers to
 * top-level attributes.
 */
final class ResourceValues {
  private static final String CORE_SCHEMA_PREFIX = "urn:ietf:params:scim:schemas:core:";

  private ResourceValues() {}

  /**
   * The non-null values at {@code path}: arrays are flattened, so a multi-valued attribute yields
   * each of its values and {@code emails.value} yields the {@code value} of every email.
   */
  static List<JsonNode> find(JsonNode resource, AttributePath path) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode node = ScimValues.member(container(resource, path.schemaUrn()), path.attribute());
    if (path.subAttribute() == null) {
      addFlattened(node, out);
      return out;
    }
    List<JsonNode> parents = new ArrayList<>();
    addFlattened(node, parents);
    for (JsonNode parent : parents) {
      addFlattened(ScimValues.member(parent, path.subAttribute()), out);
    }
    return out;
  }

  /**
   * True when a value counts as present for {@code pr}: not null, not an empty string or array, and
   * not an object without any present member.
   */
  static boolean isPresent(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return false;
    }
    if (node.isTextual()) {
      return !node.textValue().isEmpty();
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (isPresent(child)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  private static JsonNode container(JsonNode resource, String schemaUrn) {
    if (schemaUrn == null) {
      return resource;
    }
    JsonNode extension = ScimValues.member(resource, schemaUrn);
    if (extension != null && extension.isObject()) {
      return extension;
    }
    if (schemaUrn.toLowerCase(Locale.ROOT).startsWith(CORE_SCHEMA_PREFIX)) {
      return resource;
    }
    return null;
  }

  private static void addFlattened(JsonNode node, List<JsonNode> out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (element != null && !element.isNull()) {
          out.add(element);
        }
      }
    } else {
      out.add(node);
    }
  }
}
