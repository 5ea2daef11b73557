package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.store.ResourceStoreContract;
import dev.scimserverless.store.TenantDirectoryContract;
import org.junit.jupiter.api.Nested;

/** The store contract on {@link InMemoryStore}. */
class InMemoryStoreContractTest extends ResourceStoreContract {
  @Override
  protected ScimStore newStore() {
    return new InMemoryStore();
  }

  /** The tenant directory contract on {@link InMemoryStore}. */
  @Nested
  class Directory extends TenantDirectoryContract {
    @Override
    protected TenantDirectory newDirectory() {
      return new InMemoryStore();
    }
  }
}
