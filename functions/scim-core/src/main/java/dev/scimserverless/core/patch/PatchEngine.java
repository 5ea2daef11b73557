package dev.scimserverless.core.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.ReadResult;
import dev.scimserverless.core.document.ResourceReader;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies SCIM PATCH operations (RFC 7644 §3.5.2) to stored documents, all or nothing.
 *
 * <p>The document is the stored form: canonical attribute names, a {@code schemas} array, extension
 * attributes under their URN, no {@code id} or {@code meta}. The input is never modified; the
 * result is a new document, read through the {@link ResourceReader} like a POST body, so it is
 * canonical, its {@code schemas} lists the extensions present, required attributes are checked and
 * immutable attributes keep their values.
 *
 * <p>Semantics, including the dialects of Microsoft Entra ID and Okta:
 *
 * <ul>
 *   <li>{@code add}: a single value is set (a complex one merged); multi-valued values are appended
 *       unless already present (references such as {@code members} compare by {@code value}).
 *       {@code replace}: as add, but a multi-valued attribute without filter is replaced whole.
 *       Without path the value is an object whose keys are attributes or paths ({@code
 *       "name.givenName"}, {@code "urn:...:User:department"}, {@code "emails[type eq
 *       \"work\"].value"}); {@code schemas}, {@code id}, {@code meta}, readOnly and unknown keys
 *       are skipped.
 *   <li>A value filter selects values of a multi-valued attribute; add or replace with a filter
 *       that matches nothing creates a value from the filter's {@code eq} comparisons and the given
 *       value (else 400 noTarget). {@code remove} with such a filter is a 400 noTarget, except for
 *       references ({@code members[value eq "x"]} of a non-member is a success without change).
 *       {@code remove} of {@code members} with a value removes just the given members.
 *   <li>Values are coerced like POST bodies ({@code "False"}, numeric strings, bare manager id); an
 *       empty string for a single value (or sub-attribute) removes it.
 *   <li>When an operation sets {@code primary: true} on a value, the attribute's other values lose
 *       it.
 *   <li>Errors: a path to a readOnly attribute or a change of an immutable value is a 400
 *       mutability; an unknown attribute or malformed filter in a path is a 400 invalidPath; a
 *       value of the wrong shape is a 400 invalidValue.
 * </ul>
 */
public final class PatchEngine {
  private final ResourceReader reader;
  private final ValueReader values;
  private final Map<ResourceType, TargetResolver> targets = new java.util.HashMap<>();

  public PatchEngine(SchemaRegistry registry) {
    this.reader = new ResourceReader(registry);
    this.values = new ValueReader(registry, reader);
    for (ResourceType type : registry.types()) {
      targets.put(type, new TargetResolver(registry, type));
    }
  }

  /** An engine over the standard schemas. */
  public static PatchEngine standard() {
    return new PatchEngine(SchemaRegistry.standard());
  }

  /**
   * The document with all operations applied in order.
   *
   * @throws ScimException 400 (invalidPath, invalidValue, mutability, noTarget) when an operation
   *     cannot be applied; then nothing is applied
   */
  public ObjectNode apply(ResourceType type, ObjectNode document, List<PatchOperation> operations) {
    return patch(type, document, operations).document();
  }

  /**
   * As {@link #apply}, with whether the document changed and what was ignored.
   *
   * @throws ScimException 400 when an operation cannot be applied; then nothing is applied
   */
  public PatchResult patch(
      ResourceType type, ObjectNode document, List<PatchOperation> operations) {
    ObjectNode before = canonical(type, document);
    PatchRun run = new PatchRun(type, target(type), values, before.deepCopy());
    int index = 0;
    for (PatchOperation operation : operations) {
      index++;
      try {
        run.apply(operation);
      } catch (ScimException e) {
        throw new ScimException(
            e.status(),
            e.scimType().orElse(null),
            "Operations[" + index + "] (" + operation.describe() + "): " + e.detail());
      }
    }
    ReadResult read = reader.read(type, run.document());
    reader.checkImmutable(type, before, read.document());
    Set<String> ignored = new LinkedHashSet<>(run.ignored());
    ignored.addAll(read.ignoredAttributes());
    return new PatchResult(read.document(), changes(before, read.document()), List.copyOf(ignored));
  }

  /** True when two stored documents differ. */
  public static boolean changes(ObjectNode before, ObjectNode after) {
    return !before.equals(after);
  }

  /**
   * The stored document in canonical form, so that names, coercions and {@code changed} compare
   * like for like; a document the reader rejects (it should not happen for stored ones) is used as
   * it is.
   */
  private ObjectNode canonical(ResourceType type, ObjectNode document) {
    try {
      return reader.read(type, document).document();
    } catch (ScimException invalidStoredDocument) {
      return document.deepCopy();
    }
  }

  private TargetResolver target(ResourceType type) {
    TargetResolver v = targets.get(type);
    if (v == null) {
      throw new IllegalStateException("resource type " + type + " is not served by this registry");
    }
    return v;
  }
}
