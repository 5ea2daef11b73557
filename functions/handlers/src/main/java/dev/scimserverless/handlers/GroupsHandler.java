package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourceStore;

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
  public <S extends ResourceStore & MembershipStore> GroupsHandler(S store) {
    this(store, FunctionSupport.inMemory());
  }

  public <S extends ResourceStore & MembershipStore> GroupsHandler(
      S store, FunctionSupport support) {
    this(store, support, SchemaRegistry.standard());
  }

  /** With other schemas: the standard ones and the operator's extensions. */
  public <S extends ResourceStore & MembershipStore> GroupsHandler(
      S store, FunctionSupport support, SchemaRegistry schemas) {
    super(ScimApi.endpoint(ResourceType.GROUP, store, schemas), support);
  }
}
