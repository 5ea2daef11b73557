package dev.scimserverless.core.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What {@link PatchEngine#patch} made of a document.
 *
 * @param document the new document, in stored form (canonical names, {@code schemas} listing the
 *     core URN and the extensions present, no {@code id}, {@code meta} or password)
 * @param changed whether {@code document} differs from the (canonical form of the) input
 * @param ignoredAttributes what was skipped because the schemas do not know it (unknown keys of
 *     no-path values, unknown sub-attributes), for logging
 */
public record PatchResult(ObjectNode document, boolean changed, List<String> ignoredAttributes) {

  public PatchResult {
    ignoredAttributes = List.copyOf(ignoredAttributes);
  }
}
