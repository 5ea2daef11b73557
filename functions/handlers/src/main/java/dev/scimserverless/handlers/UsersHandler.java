package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.ScimStore;

/** Lambda handler of {@code /Users} and {@code /Users/{id}}. */
public final class UsersHandler extends ScimFunction {

  /**
   * The constructor Lambda calls: the DynamoDB table of the environment, audited there; primed
   * before a SnapStart snapshot ({@link SnapStartPriming#users}).
   */
  public UsersHandler() {
    this(FunctionEnvironment.store(), FunctionEnvironment.support(), FunctionEnvironment.schemas());
    SnapStartPriming.users(this).register();
  }

  /** On a store, with an audit trail in memory (tests, benchmarks). */
  public UsersHandler(ScimStore store) {
    this(store, FunctionSupport.inMemory());
  }

  public UsersHandler(ScimStore store, FunctionSupport support) {
    this(store, support, SchemaRegistry.standard());
  }

  /** With other schemas: the standard ones and the operator's extensions. */
  public UsersHandler(ScimStore store, FunctionSupport support, SchemaRegistry schemas) {
    super(ScimApi.endpoint(ResourceType.USER, store, schemas), support);
  }
}
