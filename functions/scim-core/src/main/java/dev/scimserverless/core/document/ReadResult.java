package dev.scimserverless.core.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What {@link ResourceReader} made of a client's resource.
 *
 * @param document the canonical document to store: {@code schemas}, then the attributes in schema
 *     order and canonical case; no {@code id}, {@code meta} or password
 * @param ignoredAttributes what was dropped because the server does not know it, for logging:
 *     unknown attribute paths (e.g. {@code foo}, {@code name.foo}, {@code urn:x:foo}) and unknown
 *     URNs listed in {@code schemas}
 */
public record ReadResult(ObjectNode document, List<String> ignoredAttributes) {

  public ReadResult {
    ignoredAttributes = List.copyOf(ignoredAttributes);
  }
}
