package dev.scimserverless.core.store;

import dev.scimserverless.core.resource.ResourceType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A resource as the store keeps it.
 *
 * @param type the resource type
 * @param id the server-assigned id
 * @param document the resource's attributes as a JSON object text, without {@code meta} (the store
 *     treats it as opaque)
 * @param version a counter that grows by one on every write; the ETag is derived from it
 * @param created when the resource was created
 * @param lastModified when it was last written
 * @param uniqueKeys attribute name to normalised value (e.g. {@code userName} lower-cased): the
 *     store guarantees that within one tenant and type no two resources hold the same pair
 * @param lookupKeys attribute name to exact value (e.g. {@code externalId}): not unique, but
 *     findable by a key lookup rather than a scan
 */
public record StoredResource(
    ResourceType type,
    String id,
    String document,
    long version,
    Instant created,
    Instant lastModified,
    Map<String, String> uniqueKeys,
    Map<String, String> lookupKeys) {

  public StoredResource {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastModified, "lastModified");
    uniqueKeys = Map.copyOf(uniqueKeys);
    lookupKeys = Map.copyOf(lookupKeys);
  }
}
