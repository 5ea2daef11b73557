package dev.scimserverless.core.change;

import dev.scimserverless.core.resource.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One committed write of a SCIM resource, as the service that made it describes it: the seam
 * between the core and everything that acts on changes (the audit trail, the event relay). A store
 * writes it atomically with the change it describes (DynamoDB: an outbox item in the same
 * TransactWriteItems; in memory: appended under the same lock), so a committed change always has
 * its record and a refused or rolled-back one never has.
 *
 * <p>Never a secret: {@code representation} is the stored document, which never holds a password.
 *
 * @param id unique id of this change (events derive their ids from it)
 * @param time when the change was made; strictly increasing within one process ({@link
 *     ChangeContext#now})
 * @param tenant the organization
 * @param resourceType the type of the resource written
 * @param resourceId its id
 * @param operation what was done
 * @param attributes the attribute names the request touched (names only, filters removed)
 * @param membersAdded user ids made members of a group by this write
 * @param membersRemoved user ids removed from a group by this write
 * @param groupsLeft for a user delete: the groups the user was a member of (they lose it)
 * @param version the resource's version after the change (for a delete: the version deleted); 0
 *     when the store did not tell (membership batches on DynamoDB)
 * @param activeBefore a user's {@code active} before the change, when there was a user before
 * @param activeAfter a user's {@code active} after the change, when there is one after
 * @param representation the resource after the change as JSON (no members of a group, no password),
 *     empty for a delete and for membership writes
 * @param actor the token id of the request ({@code unknown} when none)
 * @param requestId the request id ({@code ""} when none)
 */
public record ProvisioningChange(
    String id,
    Instant time,
    String tenant,
    ResourceType resourceType,
    String resourceId,
    Operation operation,
    List<String> attributes,
    List<String> membersAdded,
    List<String> membersRemoved,
    List<String> groupsLeft,
    long version,
    Optional<Boolean> activeBefore,
    Optional<Boolean> activeAfter,
    Optional<String> representation,
    String actor,
    String requestId) {

  /** The operations of SCIM writes. */
  public enum Operation {
    CREATE,
    REPLACE,
    PATCH,
    DELETE;

    /**
     * As the audit trail names it: {@code create}, {@code replace}, {@code patch}, {@code delete}.
     */
    public String auditName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Operation ofAuditName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  public ProvisioningChange {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(operation, "operation");
    attributes = List.copyOf(attributes);
    membersAdded = List.copyOf(membersAdded);
    membersRemoved = List.copyOf(membersRemoved);
    groupsLeft = List.copyOf(groupsLeft);
    Objects.requireNonNull(activeBefore, "activeBefore");
    Objects.requireNonNull(activeAfter, "activeAfter");
    Objects.requireNonNull(representation, "representation");
    actor = actor == null ? "unknown" : actor;
    requestId = requestId == null ? "" : requestId;
  }

  /**
   * The part of a membership change that one atomic store write applies (a call with more users
   * than fit one transaction is split into batches, each with its own record): batch {@code n}
   * (from 0) has the id {@code id~n}; batch 0 keeps the id.
   */
  public ProvisioningChange batch(int n, List<String> added, List<String> removed) {
    return new ProvisioningChange(
        n == 0 ? id : id + "~" + n,
        time,
        tenant,
        resourceType,
        resourceId,
        operation,
        attributes,
        added,
        removed,
        groupsLeft,
        version,
        activeBefore,
        activeAfter,
        representation,
        actor,
        requestId);
  }

  /** The same change with the version the store wrote. */
  public ProvisioningChange withVersion(long newVersion) {
    return new ProvisioningChange(
        id,
        time,
        tenant,
        resourceType,
        resourceId,
        operation,
        attributes,
        membersAdded,
        membersRemoved,
        groupsLeft,
        newVersion,
        activeBefore,
        activeAfter,
        representation,
        actor,
        requestId);
  }
}
