package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.store.ProvisioningLogContract;

class DynamoDbProvisioningLogIT extends ProvisioningLogContract {
  @Override
  protected ProvisioningLog newLog() {
    Dynoxide d = Dynoxide.shared();
    return new DynamoDbProvisioningLog(d.client(), d.freshTable());
  }
}
