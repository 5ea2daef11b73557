package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.store.ResourceStoreContract;
import dev.scimserverless.store.TenantDirectoryContract;
import org.junit.jupiter.api.Nested;

/** The store contract on {@link DynamoDbStore} against Dynoxide, a fresh table per test. */
class DynamoDbStoreContractIT extends ResourceStoreContract {
  @Override
  protected ScimStore newStore() {
    return freshStore();
  }

  private static DynamoDbStore freshStore() {
    Dynoxide dynoxide = Dynoxide.shared();
    return new DynamoDbStore(dynoxide.client(), dynoxide.freshTable());
  }

  /** The tenant directory contract on {@link DynamoDbStore}. */
  @Nested
  class Directory extends TenantDirectoryContract {
    @Override
    protected TenantDirectory newDirectory() {
      return freshStore();
    }
  }
}
