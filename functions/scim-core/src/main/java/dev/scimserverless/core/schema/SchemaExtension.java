package dev.scimserverless.core.schema;

/**
 * A schema extension of a resource type (RFC 7643 §6, {@code schemaExtensions}).
 *
 * @param schema the URN of the extension schema
 * @param required whether every resource of the type must carry the extension
 */
public record SchemaExtension(String schema, boolean required) {}
