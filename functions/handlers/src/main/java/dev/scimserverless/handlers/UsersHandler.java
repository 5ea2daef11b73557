package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourceStore;

/** Lambda handler of {@code /Users} and {@code /Users/{id}}. */
public final class UsersHandler extends ScimFunction {

  /** The constructor Lambda calls: the DynamoDB table of the environment. */
  public UsersHandler() {
    this(FunctionEnvironment.store());
  }

  public <S extends ResourceStore & MembershipStore> UsersHandler(S store) {
    super(ScimApi.usersEndpoint(store));
  }
}
