package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.store.ProvisioningLogContract;

class InMemoryProvisioningLogTest extends ProvisioningLogContract {
  @Override
  protected ProvisioningLog newLog() {
    return new InMemoryProvisioningLog();
  }
}
