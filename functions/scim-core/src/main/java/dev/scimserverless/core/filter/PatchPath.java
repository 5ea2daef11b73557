package dev.scimserverless.core.filter;

import dev.scimserverless.core.schema.AttributePath;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code path} of a PATCH operation (RFC 7644 §3.5.2): {@code PATH = attrPath / valuePath
 * [subAttr]}. Examples: {@code members}, {@code name.givenName} (attribute with its sub-attribute),
 * {@code emails[type eq "work"].value} (attribute {@code emails}, value filter, sub-attribute
 * {@code value}), {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}.
 *
 * @param attribute the attribute, with its schema URN if qualified; it carries the sub-attribute
 *     when there is no value filter ({@code name.givenName})
 * @param valueFilter the filter inside {@code [...]}, relative to {@code attribute}
 * @param subAttribute the sub-attribute after {@code ]}, only with a value filter
 */
public record PatchPath(
    AttributePath attribute, Optional<Filter> valueFilter, Optional<String> subAttribute) {

  public PatchPath {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(valueFilter, "valueFilter");
    Objects.requireNonNull(subAttribute, "subAttribute");
    if (valueFilter.isPresent() && attribute.subAttribute() != null) {
      throw new IllegalArgumentException(
          "a value filter applies to an attribute, not a sub-attribute");
    }
    if (valueFilter.isEmpty() && subAttribute.isPresent()) {
      throw new IllegalArgumentException(
          "without a value filter the attribute carries the sub-attribute");
    }
  }

  /**
   * Parses a PATCH path. Whitespace around tokens (also inside the brackets) is tolerated.
   *
   * @throws dev.scimserverless.core.error.ScimException invalidPath (400) when malformed
   */
  public static PatchPath parse(String text) {
    return FilterParser.parsePatchPath(text);
  }

  /** A path without value filter. */
  public static PatchPath of(AttributePath attribute) {
    return new PatchPath(attribute, Optional.empty(), Optional.empty());
  }

  /**
   * The attribute path the operation finally targets, ignoring the filter: {@code emails[type eq
   * "work"].value} targets {@code emails.value}.
   */
  public AttributePath target() {
    return subAttribute.map(attribute::withSub).orElse(attribute);
  }

  /** The canonical text of the path. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(attribute.toString());
    valueFilter.ifPresent(f -> out.append('[').append(FilterPrinter.print(f)).append(']'));
    subAttribute.ifPresent(s -> out.append('.').append(s));
    return out.toString();
  }
}
