package dev.scimserverless.core.schema;

import java.util.Optional;

/**
 * Resolves an attribute path of one resource type to its definition (the sub-attribute's when the
 * path names one). Implemented by the schema registry; used by the filter evaluator, the PATCH
 * engine and projection, so that all of them read one source of truth.
 */
@FunctionalInterface
public interface AttributeResolver {
  Optional<AttributeDefinition> resolve(AttributePath path);
}
