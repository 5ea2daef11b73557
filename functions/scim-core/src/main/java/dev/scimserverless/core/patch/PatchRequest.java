package dev.scimserverless.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.PatchPath;
import dev.scimserverless.core.schema.ScimValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the body of a PATCH request (RFC 7644 §3.5.2): {@code {"schemas":
 * ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [...]}}.
 *
 * <p>Member names ({@code Operations}, {@code op}, {@code path}, {@code value}) match
 * case-insensitively. A missing or empty {@code schemas} is tolerated; one that names other URNs
 * but not the PatchOp URN is not. A blank {@code path} counts as no path.
 */
public final class PatchRequest {
  /** The message schema URN of a PATCH request. */
  public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  /** The most operations one request may carry: bounds the work a single request can ask for. */
  public static final int MAX_OPERATIONS = 1000;

  private PatchRequest() {}

  /**
   * The operations of a PATCH body, in order.
   *
   * @throws ScimException 400 invalidSyntax when {@code Operations} is missing, empty or not an
   *     array of objects, or an {@code op} is unknown; 400 noTarget for a remove without path; 400
   *     invalidValue for an add or replace without value; 400 invalidPath when a path is malformed
   */
  public static List<PatchOperation> parse(ObjectNode body) {
    if (body == null) {
      throw ScimException.invalidSyntax("The PATCH request body is empty.");
    }
    checkSchemas(ScimValues.member(body, "schemas"));
    JsonNode operations = ScimValues.member(body, "Operations");
    if (operations == null || !operations.isArray() || operations.isEmpty()) {
      throw ScimException.invalidSyntax(
          "A PATCH request needs a non-empty array 'Operations' of operations.");
    }
    if (operations.size() > MAX_OPERATIONS) {
      throw ScimException.tooMany(
          "A PATCH request may hold at most " + MAX_OPERATIONS + " operations; split it.");
    }
    List<PatchOperation> out = new ArrayList<>(operations.size());
    int index = 0;
    for (JsonNode node : operations) {
      index++;
      try {
        out.add(operation(node));
      } catch (ScimException e) {
        throw new ScimException(
            e.status(), e.scimType().orElse(null), "Operations[" + index + "]: " + e.detail());
      }
    }
    return List.copyOf(out);
  }

  private static PatchOperation operation(JsonNode node) {
    if (!node.isObject()) {
      throw ScimException.invalidSyntax("An operation must be a JSON object.");
    }
    JsonNode op = ScimValues.member(node, "op");
    if (op == null || !op.isTextual()) {
      throw ScimException.invalidSyntax("An operation needs an 'op' of add, replace or remove.");
    }
    return new PatchOperation(
        PatchOperation.Op.parse(op.textValue()),
        path(ScimValues.member(node, "path")),
        ScimValues.member(node, "value"));
  }

  private static Optional<PatchPath> path(JsonNode path) {
    if (path == null || path.isNull()) {
      return Optional.empty();
    }
    if (!path.isTextual()) {
      throw ScimException.invalidPath("The 'path' of an operation must be a string.");
    }
    if (path.textValue().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(PatchPath.parse(path.textValue()));
  }

  private static void checkSchemas(JsonNode schemas) {
    if (schemas == null || schemas.isNull() || schemas.isEmpty() && schemas.isContainerNode()) {
      return;
    }
    for (JsonNode urn : schemas.isArray() ? schemas : List.of(schemas)) {
      if (urn.isTextual() && urn.textValue().trim().equalsIgnoreCase(SCHEMA)) {
        return;
      }
    }
    throw ScimException.invalidSyntax(
        "A PATCH request's 'schemas' must contain \"" + SCHEMA + "\".");
  }
}
