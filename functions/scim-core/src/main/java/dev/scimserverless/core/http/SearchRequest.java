package dev.scimserverless.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.schema.ScimValues;
import dev.scimserverless.core.service.ListQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST .../.search} (RFC 7644 §3.4.3, RFC 9865 §3): a SearchRequest message with
 * the parameters of a list request as JSON members. {@code attributes} and {@code
 * excludedAttributes} may be arrays of paths or comma-separated strings; {@code startIndex} and
 * {@code count} numbers (or numeric strings); {@code cursor} a string, empty for the first page.
 * Unknown members are ignored; a member set to null counts as absent.
 */
final class SearchRequest {
  static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

  private SearchRequest() {}

  /**
   * The list query of a SearchRequest body.
   *
   * @throws ScimException 400 invalidSyntax without the SearchRequest schema, 400 invalidValue for
   *     a member of the wrong type
   */
  static ListQuery parse(ObjectNode body) {
    if (!hasSchema(body.get("schemas"))) {
      throw ScimException.invalidSyntax(
          "A search request needs \"schemas\": [\"" + SCHEMA + "\"].");
    }
    Optional<String> startIndex = number(body, "startIndex");
    Optional<String> cursor = text(body, "cursor", false);
    if (startIndex.isPresent() && cursor.isPresent()) {
      throw ScimException.invalidValue(
          "Give either startIndex (index paging) or cursor (cursor paging, RFC 9865), not both.");
    }
    return new ListQuery(
        text(body, "filter", true),
        ListQuery.parseStartIndex(startIndex.orElse(null)),
        number(body, "count").map(ListQuery::parseCount),
        text(body, "sortBy", true),
        ListQuery.isDescending(text(body, "sortOrder", true).orElse(null)),
        paths(body, "attributes"),
        paths(body, "excludedAttributes"),
        cursor.map(String::trim));
  }

  private static boolean hasSchema(JsonNode schemas) {
    if (schemas == null || !schemas.isArray()) {
      return false;
    }
    for (JsonNode s : schemas) {
      if (s.isTextual() && s.textValue().equalsIgnoreCase(SCHEMA)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode member(ObjectNode body, String name) {
    JsonNode value = ScimValues.member(body, name);
    return value == null || value.isNull() ? null : value;
  }

  private static Optional<String> text(ObjectNode body, String name, boolean blankIsAbsent) {
    JsonNode v = member(body, name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw ScimException.invalidValue("\"" + name + "\" must be a string, not " + v + ".");
    }
    return blankIsAbsent && v.textValue().isBlank() ? Optional.empty() : Optional.of(v.textValue());
  }

  private static Optional<String> number(ObjectNode body, String name) {
    JsonNode v = member(body, name);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return Optional.of(Integer.toString(v.intValue()));
    }
    if (v.isTextual() && !v.textValue().isBlank()) {
      return Optional.of(v.textValue());
    }
    throw ScimException.invalidValue("\"" + name + "\" must be an integer, not " + v + ".");
  }

  private static Optional<String> paths(ObjectNode body, String name) {
    JsonNode v = member(body, name);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isTextual()) {
      return v.textValue().isBlank() ? Optional.empty() : Optional.of(v.textValue());
    }
    if (!v.isArray()) {
      throw ScimException.invalidValue(
          "\"" + name + "\" must be an array of attribute paths, not " + v + ".");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode p : v) {
      if (!p.isTextual()) {
        throw ScimException.invalidValue(
            "\"" + name + "\" must hold attribute paths as strings, not " + p + ".");
      }
      if (!p.textValue().isBlank()) {
        out.add(p.textValue().trim());
      }
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(String.join(",", out));
  }
}
