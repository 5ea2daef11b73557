package dev.scimserverless.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.PatchPath;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation of a SCIM PATCH request (RFC 7644 §3.5.2): {@code op}, an optional {@code path} and
 * a {@code value}. Valid by construction: {@code remove} has a path (else 400 noTarget), {@code
 * add} and {@code replace} have a value that is not null (else 400 invalidValue).
 *
 * @param op the operation
 * @param path the target; empty means the resource itself
 * @param value the value; {@link NullNode} when absent (only for {@code remove}, where a value is
 *     Entra ID's way of naming the multi-valued values to remove)
 */
public record PatchOperation(Op op, Optional<PatchPath> path, JsonNode value) {

  /** The PATCH operations. Parsed case-insensitively (Entra ID sends {@code "Replace"}). */
  public enum Op {
    ADD,
    REPLACE,
    REMOVE;

    /** The operation as written by RFC 7644, e.g. {@code add}. */
    public String scimName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The operation for an {@code op} value, case-insensitively.
     *
     * @throws ScimException 400 invalidSyntax when it is none of add, replace, remove
     */
    public static Op parse(String text) {
      for (Op op : values()) {
        if (op.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
          return op;
        }
      }
      throw ScimException.invalidSyntax(
          "Unknown PATCH operation '" + text + "'; expected add, replace or remove.");
    }
  }

  public PatchOperation {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(path, "path");
    value = value == null || value.isMissingNode() ? NullNode.getInstance() : value;
    if (op == Op.REMOVE && path.isEmpty()) {
      throw ScimException.noTarget("A remove operation needs a path.");
    }
    if (op != Op.REMOVE && value.isNull()) {
      throw ScimException.invalidValue("An " + op.scimName() + " operation needs a value.");
    }
  }

  /** {@code add} at a path. */
  public static PatchOperation add(String path, JsonNode value) {
    return new PatchOperation(Op.ADD, Optional.of(PatchPath.parse(path)), value);
  }

  /** {@code add} without path: the value is an object of attributes. */
  public static PatchOperation add(JsonNode value) {
    return new PatchOperation(Op.ADD, Optional.empty(), value);
  }

  /** {@code replace} at a path. */
  public static PatchOperation replace(String path, JsonNode value) {
    return new PatchOperation(Op.REPLACE, Optional.of(PatchPath.parse(path)), value);
  }

  /** {@code replace} without path: the value is an object of attributes. */
  public static PatchOperation replace(JsonNode value) {
    return new PatchOperation(Op.REPLACE, Optional.empty(), value);
  }

  /** {@code remove} at a path. */
  public static PatchOperation remove(String path) {
    return new PatchOperation(Op.REMOVE, Optional.of(PatchPath.parse(path)), null);
  }

  /**
   * A short description for messages and logs, e.g. {@code replace emails[type eq "work"].value}.
   */
  public String describe() {
    return op.scimName() + path.map(p -> " " + p).orElse(" (no path)");
  }
}
