package dev.scimserverless.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.schema.AttributeDefinition;
import java.util.function.Predicate;

/**
 * A PATCH path resolved against the schemas of one resource type: where the attribute lives (the
 * top level of the document or an extension object), its definition, and the optional value filter
 * and sub-attribute.
 *
 * @param text the path as SCIM text, for messages
 * @param extension the canonical URN of the extension holding the attribute; null for the core
 *     schema and the common attributes
 * @param attribute the top-level attribute; for a whole extension ({@code
 *     urn:...:enterprise:2.0:User}) a complex definition whose sub-attributes are the extension's
 *     attributes
 * @param wholeExtension true when the path is an extension URN alone
 * @param filter the value filter, or null
 * @param selects with a value filter, the test of one element of the attribute; otherwise null
 * @param sub the sub-attribute, or null
 */
record PatchTarget(
    String text,
    String extension,
    AttributeDefinition attribute,
    boolean wholeExtension,
    Filter filter,
    Predicate<JsonNode> selects,
    AttributeDefinition sub) {

  boolean hasFilter() {
    return filter != null;
  }

  boolean hasSub() {
    return sub != null;
  }

  /**
   * The attribute's name as listed in an audit: {@code userName}, {@code
   * urn:...:enterprise:2.0:User:manager}, or the extension URN for a whole extension.
   */
  String qualifiedName() {
    if (extension == null) {
      return attribute.name();
    }
    return wholeExtension ? extension : extension + ":" + attribute.name();
  }
}
