package dev.scimserverless.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One provisioning event, as webhooks and EventBridge deliver it (docs/events.md).
 *
 * @param id stable across redeliveries: the change's id and the event's index in it
 * @param type e.g. {@code user.deactivated}, {@code group.member_added}
 * @param tenant the organization
 * @param occurredAt when the change was committed
 * @param resourceType {@code User} or {@code Group}
 * @param resourceId the resource's id
 * @param version the resource's version after the change; 0 when not known (membership batches on
 *     DynamoDB), then left out of the JSON
 * @param changed the attribute names the change touched
 * @param data the representation after the change (never a password); {@code {"group","user"}} for
 *     member events; {@code {"id"}} for deletes
 * @param actor the token id that made the change
 * @param requestId the SCIM request that made it
 * @param scimEvent the RFC 9967 event URI that fits
 */
public record ProvisioningEvent(
    String id,
    String type,
    String tenant,
    Instant occurredAt,
    String resourceType,
    String resourceId,
    long version,
    List<String> changed,
    JsonNode data,
    String actor,
    String requestId,
    String scimEvent) {

  public ProvisioningEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    changed = List.copyOf(changed);
  }

  /** The event as JSON. */
  public ObjectNode toJson() {
    ObjectNode out = Json.object();
    out.put("id", id);
    out.put("type", type);
    out.put("tenant", tenant);
    out.put("occurredAt", occurredAt.toString());
    ObjectNode resource = out.putObject("resource");
    resource.put("type", resourceType);
    resource.put("id", resourceId);
    if (version > 0) {
      resource.put("version", version);
    }
    changed.forEach(out.putArray("changed")::add);
    out.set("data", data == null ? Json.object() : data.deepCopy());
    out.put("actor", actor);
    out.put("requestId", requestId);
    out.put("scimEvent", scimEvent);
    return out;
  }

  /** The event's JSON text: what a webhook's body is and what its signature covers. */
  public String toJsonText() {
    return Json.write(toJson());
  }
}
