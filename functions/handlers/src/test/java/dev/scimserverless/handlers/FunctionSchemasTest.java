package dev.scimserverless.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;

/** The schemas the functions serve: the standard ones plus the packaged extensions (none here). */
class FunctionSchemasTest {
  @Test
  void thePackagedIndexNamesNoExtensionByDefault() {
    SchemaRegistry schemas = FunctionEnvironment.schemas();
    assertEquals(
        SchemaRegistry.standard().schemaUrns(ResourceType.USER),
        schemas.schemaUrns(ResourceType.USER));
    assertEquals(
        SchemaRegistry.standard().schemas().size(), schemas.schemas().size(), "nothing added");
  }
}
