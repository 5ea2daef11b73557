package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.ScimStore;

/** Lambda handler of {@code /Groups} and {@code /Groups/{id}}. */
public final class GroupsHandler extends ScimFunction {

  /**
   * The constructor Lambda calls: the DynamoDB table of the environment, audited there; primed
   * before a SnapStart snapshot ({@link SnapStartPriming#groups}).
   */
  public GroupsHandler() {
    this(FunctionEnvironment.store(), FunctionEnvironment.support(), FunctionEnvironment.schemas());
    SnapStartPriming.groups(this).register();
  }

  /** On a store, with an audit trail in memory (tests, benchmarks). */
  public GroupsHandler(ScimStore store) {
    this(store, FunctionSupport.inMemory());
  }

  public GroupsHandler(ScimStore store, FunctionSupport support) {
    this(store, support, SchemaRegistry.standard());
  }

  /** With other schemas: the standard ones and the operator's extensions. */
  public GroupsHandler(ScimStore store, FunctionSupport support, SchemaRegistry schemas) {
    super(ScimApi.endpoint(ResourceType.GROUP, store, schemas), support);
  }
}
