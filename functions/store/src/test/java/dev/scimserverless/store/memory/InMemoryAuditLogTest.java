package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.store.AuditLogContract;

class InMemoryAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newLog() {
    return new InMemoryAuditLog();
  }
}
