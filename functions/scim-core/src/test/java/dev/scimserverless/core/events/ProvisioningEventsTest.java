package dev.scimserverless.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.change.ProvisioningChange.Operation;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The vocabulary: which events a change yields, with which ids, URIs and data. */
class ProvisioningEventsTest {
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

  static ProvisioningChange user(
      Operation op, Optional<Boolean> before, Optional<Boolean> after, List<String> groupsLeft) {
    return new ProvisioningChange(
        "c1",
        NOW,
        "acme",
        ResourceType.USER,
        "u1",
        op,
        List.of("active", "name.givenName"),
        List.of(),
        List.of(),
        groupsLeft,
        3,
        before,
        after,
        op == Operation.DELETE
            ? Optional.empty()
            : Optional.of("{\"id\":\"u1\",\"userName\":\"bjensen\",\"password\":\"x\"}"),
        "tok_1",
        "req-1");
  }

  static ProvisioningChange group(
      Operation op, boolean representation, List<String> added, List<String> removed) {
    return new ProvisioningChange(
        "c2",
        NOW,
        "acme",
        ResourceType.GROUP,
        "g1",
        op,
        List.of(representation ? "displayName" : "members"),
        added,
        removed,
        List.of(),
        representation ? 2 : 0,
        Optional.empty(),
        Optional.empty(),
        representation ? Optional.of("{\"id\":\"g1\",\"displayName\":\"Eng\"}") : Optional.empty(),
        "tok_1",
        "req-2");
  }

  static List<String> types(ProvisioningChange c) {
    return ProvisioningEvents.of(c).stream().map(ProvisioningEvent::type).toList();
  }

  @Test
  void userWritesAreCreatedUpdatedDeactivatedReactivatedDeleted() {
    Optional<Boolean> yes = Optional.of(true);
    Optional<Boolean> no = Optional.of(false);
    assertEquals(
        List.of("user.created"), types(user(Operation.CREATE, Optional.empty(), yes, List.of())));
    assertEquals(List.of("user.updated"), types(user(Operation.PATCH, yes, yes, List.of())));
    assertEquals(List.of("user.deactivated"), types(user(Operation.PATCH, yes, no, List.of())));
    assertEquals(List.of("user.reactivated"), types(user(Operation.REPLACE, no, yes, List.of())));
    assertEquals(List.of("user.updated"), types(user(Operation.REPLACE, no, no, List.of())));
    assertEquals(
        List.of("user.deleted", "group.member_removed", "group.member_removed"),
        types(user(Operation.DELETE, Optional.empty(), Optional.empty(), List.of("g1", "g2"))));
  }

  @Test
  void everyEventHasTheFieldsWithAStableIdAndTheRfc9967Uri() {
    ProvisioningChange deactivate =
        user(Operation.PATCH, Optional.of(true), Optional.of(false), List.of());
    JsonNode e = ProvisioningEvents.of(deactivate).get(0).toJson();
    assertEquals("c1.0", e.get("id").asText());
    assertEquals("user.deactivated", e.get("type").asText());
    assertEquals("acme", e.get("tenant").asText());
    assertEquals("2025-03-10T12:00:00Z", e.get("occurredAt").asText());
    assertEquals("{\"type\":\"User\",\"id\":\"u1\",\"version\":3}", e.get("resource").toString());
    assertEquals(Json.parse("[\"active\",\"name.givenName\"]"), e.get("changed"));
    assertEquals("bjensen", e.get("data").get("userName").asText());
    assertFalse(e.get("data").has("password"), "never a password");
    assertEquals("tok_1", e.get("actor").asText());
    assertEquals("req-1", e.get("requestId").asText());
    assertEquals("urn:ietf:params:SCIM:event:prov:deactivate", e.get("scimEvent").asText());
    assertEquals(ProvisioningEvents.of(deactivate), ProvisioningEvents.of(deactivate), "stable");

    assertEquals(
        "urn:ietf:params:SCIM:event:prov:activate",
        ProvisioningEvents.of(
                user(Operation.PATCH, Optional.of(false), Optional.of(true), List.of()))
            .get(0)
            .scimEvent());
    assertEquals(
        ProvisioningEvents.SCIM_CREATE,
        ProvisioningEvents.of(
                user(Operation.CREATE, Optional.empty(), Optional.of(true), List.of()))
            .get(0)
            .scimEvent());
    assertEquals(
        ProvisioningEvents.SCIM_PUT,
        ProvisioningEvents.of(
                user(Operation.REPLACE, Optional.of(true), Optional.of(true), List.of()))
            .get(0)
            .scimEvent());
    ProvisioningEvent deleted =
        ProvisioningEvents.of(
                user(Operation.DELETE, Optional.empty(), Optional.empty(), List.of("g9")))
            .get(0);
    assertEquals(ProvisioningEvents.SCIM_DELETE, deleted.scimEvent());
    assertEquals(Json.parse("{\"id\":\"u1\"}"), deleted.data());
  }

  @Test
  void aUserDeleteRemovesItFromEachOfItsGroups() {
    List<ProvisioningEvent> events =
        ProvisioningEvents.of(
            user(Operation.DELETE, Optional.empty(), Optional.empty(), List.of("g1", "g2")));
    ProvisioningEvent left = events.get(2);
    assertEquals("c1.2", left.id());
    assertEquals("Group", left.resourceType());
    assertEquals("g2", left.resourceId());
    assertEquals(Json.parse("{\"group\":\"g2\",\"user\":\"u1\"}"), left.data());
    assertFalse(left.toJson().get("resource").has("version"), "not known: left out");
  }

  @Test
  void groupWritesAndOneEventPerMember() {
    assertEquals(
        List.of("group.created"), types(group(Operation.CREATE, true, List.of(), List.of())));
    assertEquals(
        List.of("group.updated"), types(group(Operation.PATCH, true, List.of(), List.of())));
    assertEquals(
        List.of("group.updated"), types(group(Operation.REPLACE, true, List.of(), List.of())));
    assertEquals(
        List.of("group.deleted"), types(group(Operation.DELETE, false, List.of(), List.of())));
    List<ProvisioningEvent> members =
        ProvisioningEvents.of(
            group(Operation.PATCH, false, List.of("u1", "u2", "u3"), List.of("u4")));
    assertEquals(
        List.of(
            "group.member_added",
            "group.member_added",
            "group.member_added",
            "group.member_removed"),
        members.stream().map(ProvisioningEvent::type).toList());
    assertEquals(
        List.of("c2.0", "c2.1", "c2.2", "c2.3"),
        members.stream().map(ProvisioningEvent::id).toList());
    assertEquals(Json.parse("{\"group\":\"g1\",\"user\":\"u3\"}"), members.get(2).data());
    assertTrue(members.stream().allMatch(e -> e.scimEvent().equals(ProvisioningEvents.SCIM_PATCH)));
    assertEquals(List.of(), types(group(Operation.PATCH, false, List.of(), List.of())));

    List<String> hundred = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "u" + i).toList();
    assertEquals(
        100, ProvisioningEvents.of(group(Operation.PATCH, false, hundred, List.of())).size());
  }
}
