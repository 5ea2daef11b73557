package dev.scimserverless.core.store;

import dev.scimserverless.core.change.ProvisioningChange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the audit trail: who changed what, when. Never a value: only attribute names, so no
 * secret or password can land here.
 *
 * @param time when the change was made
 * @param tenant the organization
 * @param actor the token id that made the change ({@code tok_…}), or {@code admin:<name>} for the
 *     admin CLI
 * @param operation {@code create}, {@code replace}, {@code patch}, {@code delete}, or an admin
 *     operation such as {@code token.create}, {@code token.revoke}, {@code tenant.disable}
 * @param resourceType {@code User}, {@code Group}, {@code Token} or {@code Tenant}
 * @param resourceId the id of the resource changed
 * @param attributes the top-level attributes the change touched (names only)
 * @param requestId the request id, to find the request's log line
 */
public record AuditEvent(
    Instant time,
    String tenant,
    String actor,
    String operation,
    String resourceType,
    String resourceId,
    List<String> attributes,
    String requestId) {

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(operation, "operation");
    attributes = List.copyOf(attributes);
    actor = actor == null ? "unknown" : actor;
    requestId = requestId == null ? "" : requestId;
    resourceType = resourceType == null ? "" : resourceType;
    resourceId = resourceId == null ? "" : resourceId;
  }

  /**
   * The audit event of a committed SCIM change: who changed which resource, how, touching which
   * attributes. Names only, never values (a membership write is {@code members}, not the member
   * ids). The audit trail is one consumer of {@link ProvisioningChange}s; the event relay another.
   */
  public static AuditEvent of(ProvisioningChange change) {
    return new AuditEvent(
        change.time(),
        change.tenant(),
        change.actor(),
        change.operation().auditName(),
        change.resourceType().scimName(),
        change.resourceId(),
        change.operation() == ProvisioningChange.Operation.DELETE ? List.of() : change.attributes(),
        change.requestId());
  }
}
