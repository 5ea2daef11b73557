package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.ScimStore;

/**
 * The handler of any resource type the registry serves, at the routes of its descriptor: what the
 * local endpoint runs for every type (User and Group included; their Lambda handlers add SnapStart
 * priming to the same endpoint).
 */
public final class ResourceTypeHandler extends ScimFunction {
  /**
   * @throws IllegalStateException when {@code schemas} does not serve {@code type}
   */
  public ResourceTypeHandler(
      ResourceType type, ScimStore store, FunctionSupport support, SchemaRegistry schemas) {
    super(ScimApi.endpoint(type, store, schemas), support);
  }
}
