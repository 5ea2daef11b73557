package dev.scimserverless.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.change.ProvisioningChange.Operation;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The event vocabulary: the events of one {@link ProvisioningChange}, in order.
 *
 * <ul>
 *   <li>User: {@code user.created}; a write that turns {@code active} from true to false is {@code
 *       user.deactivated}, from false to true {@code user.reactivated}; any other write {@code
 *       user.updated}; {@code user.deleted}, then {@code group.member_removed} for each group the
 *       user was in.
 *   <li>Group: {@code group.created}, {@code group.updated} (its own attributes: displayName,
 *       externalId), {@code group.deleted}; {@code group.member_added} and {@code
 *       group.member_removed}, one per member.
 *   <li>Any other resource type (a {@code ResourceTypeDescriptor}): {@code <type>.created}, {@code
 *       <type>.updated}, {@code <type>.deleted}, with the type's name lower-cased.
 * </ul>
 *
 * <p>Event {@code i} of change {@code c} has the id {@code c.id() + "." + i}: the same change gives
 * the same ids on every redelivery.
 */
public final class ProvisioningEvents {
  public static final String USER_CREATED = "user.created";
  public static final String USER_UPDATED = "user.updated";
  public static final String USER_DEACTIVATED = "user.deactivated";
  public static final String USER_REACTIVATED = "user.reactivated";
  public static final String USER_DELETED = "user.deleted";
  public static final String GROUP_CREATED = "group.created";
  public static final String GROUP_UPDATED = "group.updated";
  public static final String GROUP_DELETED = "group.deleted";
  public static final String MEMBER_ADDED = "group.member_added";
  public static final String MEMBER_REMOVED = "group.member_removed";

  /** Every type, for subscriptions' filters and the docs. */
  public static final List<String> TYPES =
      List.of(
          USER_CREATED,
          USER_UPDATED,
          USER_DEACTIVATED,
          USER_REACTIVATED,
          USER_DELETED,
          GROUP_CREATED,
          GROUP_UPDATED,
          GROUP_DELETED,
          MEMBER_ADDED,
          MEMBER_REMOVED);

  /** RFC 9967 provisioning event URIs. */
  public static final String SCIM_CREATE = "urn:ietf:params:SCIM:event:prov:create:full";

  public static final String SCIM_PATCH = "urn:ietf:params:SCIM:event:prov:patch:full";
  public static final String SCIM_PUT = "urn:ietf:params:SCIM:event:prov:put:full";
  public static final String SCIM_DELETE = "urn:ietf:params:SCIM:event:prov:delete";
  public static final String SCIM_ACTIVATE = "urn:ietf:params:SCIM:event:prov:activate";
  public static final String SCIM_DEACTIVATE = "urn:ietf:params:SCIM:event:prov:deactivate";

  private ProvisioningEvents() {}

  /**
   * The events of a change, in the order they are delivered. One rule for every resource type,
   * named by its lower-cased name ({@code user}, {@code group}, {@code device}): {@code .created},
   * {@code .deleted}, {@code .deactivated}/{@code .reactivated} when the type's {@code active}
   * turned, else {@code .updated}; then the membership events the change carries (a group's added
   * and removed members, the groups a deleted user left). A write of members only (no
   * representation) has no {@code .updated}.
   */
  public static List<ProvisioningEvent> of(ProvisioningChange c) {
    List<ProvisioningEvent> out = new ArrayList<>();
    String noun = c.resourceType().scimName().toLowerCase(Locale.ROOT);
    if (c.operation() == Operation.DELETE) {
      out.add(event(c, out.size(), noun + ".deleted", SCIM_DELETE));
      for (String groupId : c.groupsLeft()) {
        out.add(member(c, out.size(), MEMBER_REMOVED, groupId, c.resourceId(), 0));
      }
      return out;
    }
    if (c.representation().isPresent()) {
      if (c.operation() == Operation.CREATE) {
        out.add(event(c, out.size(), noun + ".created", SCIM_CREATE));
      } else {
        boolean before = c.activeBefore().orElse(true);
        boolean after = c.activeAfter().orElse(true);
        if (before && !after) {
          out.add(event(c, out.size(), noun + ".deactivated", SCIM_DEACTIVATE));
        } else if (!before && after) {
          out.add(event(c, out.size(), noun + ".reactivated", SCIM_ACTIVATE));
        } else {
          out.add(event(c, out.size(), noun + ".updated", modify(c.operation())));
        }
      }
    }
    for (String userId : c.membersAdded()) {
      out.add(member(c, out.size(), MEMBER_ADDED, c.resourceId(), userId, c.version()));
    }
    for (String userId : c.membersRemoved()) {
      out.add(member(c, out.size(), MEMBER_REMOVED, c.resourceId(), userId, c.version()));
    }
    return out;
  }

  private static String modify(Operation operation) {
    return switch (operation) {
      case CREATE -> SCIM_CREATE;
      case REPLACE -> SCIM_PUT;
      case DELETE -> SCIM_DELETE;
      case PATCH -> SCIM_PATCH;
    };
  }

  private static ProvisioningEvent event(
      ProvisioningChange c, int index, String type, String scimEvent) {
    JsonNode data =
        c.representation().<JsonNode>map(Json::parse).orElseGet(() -> idOnly(c.resourceId()));
    if (data instanceof ObjectNode o) {
      o.remove("password"); // never stored; never sent either
    }
    return new ProvisioningEvent(
        c.id() + "." + index,
        type,
        c.tenant(),
        c.time(),
        c.resourceType().scimName(),
        c.resourceId(),
        c.version(),
        c.attributes(),
        data,
        c.actor(),
        c.requestId(),
        scimEvent);
  }

  private static ProvisioningEvent member(
      ProvisioningChange c, int index, String type, String groupId, String userId, long version) {
    ObjectNode data = Json.object().put("group", groupId).put("user", userId);
    return new ProvisioningEvent(
        c.id() + "." + index,
        type,
        c.tenant(),
        c.time(),
        ResourceType.GROUP.scimName(),
        groupId,
        version,
        List.of("members"),
        data,
        c.actor(),
        c.requestId(),
        c.operation() == Operation.DELETE ? SCIM_PATCH : modify(c.operation()));
  }

  private static ObjectNode idOnly(String id) {
    return Json.object().put("id", id);
  }
}
