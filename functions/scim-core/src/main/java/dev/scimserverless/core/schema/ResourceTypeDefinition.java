package dev.scimserverless.core.schema;

import dev.scimserverless.core.resource.ResourceType;
import java.util.List;

/**
 * The definition of a resource type as served at {@code /ResourceTypes} (RFC 7643 §6).
 *
 * @param type the resource type it describes
 * @param id the resource type's id, equal to its name ({@code User}, {@code Group})
 * @param name the name used in {@code meta.resourceType}
 * @param endpoint the endpoint relative to the base URL, e.g. {@code /Users}
 * @param description a human-readable description
 * @param schema the URN of the core schema
 * @param schemaExtensions the extension schemas, in order
 */
public record ResourceTypeDefinition(
    ResourceType type,
    String id,
    String name,
    String endpoint,
    String description,
    String schema,
    List<SchemaExtension> schemaExtensions) {

  public ResourceTypeDefinition {
    schemaExtensions = List.copyOf(schemaExtensions);
  }
}
