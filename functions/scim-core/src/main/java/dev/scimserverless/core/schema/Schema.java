package dev.scimserverless.core.schema;

import java.util.List;
import java.util.Optional;

/** A schema (RFC 7643 §7): its URN, name, description and top-level attributes. */
public record Schema(
    String id, String name, String description, List<AttributeDefinition> attributes) {

  public Schema {
    attributes = List.copyOf(attributes);
  }

  /** A top-level attribute by name, case-insensitively. */
  public Optional<AttributeDefinition> attribute(String attributeName) {
    for (AttributeDefinition a : attributes) {
      if (a.name().equalsIgnoreCase(attributeName)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
