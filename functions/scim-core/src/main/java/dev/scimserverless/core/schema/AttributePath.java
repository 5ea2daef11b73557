package dev.scimserverless.core.schema;

import java.util.Optional;

/**
 * An attribute path (RFC 7644 §3.10 / the ABNF's {@code attrPath}): an optional schema URN, an
 * attribute name, and an optional sub-attribute name. {@code
 * urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value} has the enterprise URN,
 * attribute {@code manager} and sub-attribute {@code value}.
 *
 * @param schemaUrn the schema URN prefix, or null when the path is not qualified
 * @param attribute the attribute name as written (compare case-insensitively)
 * @param subAttribute the sub-attribute name, or null
 */
public record AttributePath(String schemaUrn, String attribute, String subAttribute) {

  public AttributePath {
    if (attribute == null || attribute.isEmpty()) {
      throw new IllegalArgumentException("attribute name is required");
    }
  }

  public static AttributePath of(String attribute) {
    return new AttributePath(null, attribute, null);
  }

  public static AttributePath of(String attribute, String subAttribute) {
    return new AttributePath(null, attribute, subAttribute);
  }

  /**
   * True when this path names the same attribute as {@code other}, ignoring case (attribute names
   * and schema URNs are case-insensitive).
   */
  public boolean equalsIgnoreCase(AttributePath other) {
    return other != null
        && (schemaUrn == null
            ? other.schemaUrn == null
            : schemaUrn.equalsIgnoreCase(other.schemaUrn))
        && attribute.equalsIgnoreCase(other.attribute)
        && (subAttribute == null
            ? other.subAttribute == null
            : subAttribute.equalsIgnoreCase(other.subAttribute));
  }

  public Optional<String> schema() {
    return Optional.ofNullable(schemaUrn);
  }

  public Optional<String> sub() {
    return Optional.ofNullable(subAttribute);
  }

  /** The path without its sub-attribute. */
  public AttributePath parent() {
    return new AttributePath(schemaUrn, attribute, null);
  }

  /** The same path with a sub-attribute. */
  public AttributePath withSub(String sub) {
    return new AttributePath(schemaUrn, attribute, sub);
  }

  /** The path as SCIM text, e.g. {@code name.givenName} or {@code urn:...:User:manager.value}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (schemaUrn != null) {
      sb.append(schemaUrn).append(':');
    }
    sb.append(attribute);
    if (subAttribute != null) {
      sb.append('.').append(subAttribute);
    }
    return sb.toString();
  }
}
