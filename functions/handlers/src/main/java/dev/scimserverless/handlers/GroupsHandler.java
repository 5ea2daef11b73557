package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourceStore;

/** Lambda handler of {@code /Groups} and {@code /Groups/{id}}. */
public final class GroupsHandler extends ScimFunction {

  /** The constructor Lambda calls: the DynamoDB table of the environment. */
  public GroupsHandler() {
    this(FunctionEnvironment.store());
  }

  public <S extends ResourceStore & MembershipStore> GroupsHandler(S store) {
    super(ScimApi.groupsEndpoint(store));
  }
}
