package dev.scimserverless.core.audit;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.store.AuditEvent;

/**
 * The audit event of a committed change: who changed which resource, how, touching which
 * attributes. Names only, never values (a membership write is {@code members}, not the member ids).
 * The audit trail is one consumer of {@link ProvisioningChange}s; the event relay another.
 */
public final class AuditEvents {
  /** The operation names of SCIM changes. */
  public static final String CREATE = "create";

  public static final String REPLACE = "replace";
  public static final String PATCH = "patch";
  public static final String DELETE = "delete";

  private AuditEvents() {}

  /** The audit event of a change. */
  public static AuditEvent of(ProvisioningChange change) {
    return new AuditEvent(
        change.time(),
        change.tenant(),
        change.actor(),
        change.operation().auditName(),
        change.resourceType().scimName(),
        change.resourceId(),
        change.operation() == ProvisioningChange.Operation.DELETE
            ? java.util.List.of()
            : change.attributes(),
        change.requestId());
  }
}
