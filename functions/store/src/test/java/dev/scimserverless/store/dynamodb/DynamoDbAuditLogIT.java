package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.store.AuditLogContract;
import java.time.Duration;

class DynamoDbAuditLogIT extends AuditLogContract {
  @Override
  protected AuditLog newLog() {
    Dynoxide d = Dynoxide.shared();
    return new DynamoDbAuditLog(d.client(), d.freshTable(), Duration.ofDays(90));
  }
}
