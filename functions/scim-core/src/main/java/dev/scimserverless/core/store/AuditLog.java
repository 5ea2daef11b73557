package dev.scimserverless.core.store;

import dev.scimserverless.core.change.ProvisioningChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store port of the audit trail: append-only, per tenant, kept for a retention period (the
 * DynamoDB adapter sets the item's TTL) and read by the admin CLI.
 */
public interface AuditLog {

  /** Appends an event. @throws StoreException.Unavailable when it cannot be written */
  void record(AuditEvent event);

  /**
   * Records the audit event of a committed SCIM change. A log whose store already wrote the
   * change's record atomically with the change (the DynamoDB outbox item is the audit record)
   * overrides this to do nothing.
   */
  default void recordChange(ProvisioningChange change) {
    record(AuditEvent.of(change));
  }

  /**
   * The tenant's events at or after {@code since}, oldest first, at most {@code limit}; only those
   * of one resource when {@code resourceId} is given.
   */
  List<AuditEvent> query(String tenant, Instant since, Optional<String> resourceId, int limit);
}
