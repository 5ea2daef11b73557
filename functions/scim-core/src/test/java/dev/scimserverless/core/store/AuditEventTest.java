package dev.scimserverless.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The audit trail as a consumer of changes: names, never values (no member ids, no document). */
class AuditEventTest {
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

  static ProvisioningChange change(
      ResourceType type, ProvisioningChange.Operation op, List<String> attributes) {
    return new ProvisioningChange(
        "c1",
        NOW,
        "acme",
        type,
        "r1",
        op,
        attributes,
        List.of("u-secret"),
        List.of(),
        List.of(),
        2,
        Optional.empty(),
        Optional.of(true),
        Optional.of("{\"userName\":\"bjensen@example.com\"}"),
        "tok_1",
        "req-1");
  }

  @Test
  void aChangeIsAnEventWithItsResourceAndAttributeNames() {
    AuditEvent created =
        AuditEvent.of(
            change(ResourceType.USER, ProvisioningChange.Operation.CREATE, List.of("userName")));
    assertEquals(
        new AuditEvent(NOW, "acme", "tok_1", "create", "User", "r1", List.of("userName"), "req-1"),
        created);
    AuditEvent members =
        AuditEvent.of(
            change(ResourceType.GROUP, ProvisioningChange.Operation.PATCH, List.of("members")));
    assertEquals("patch", members.operation());
    assertEquals("Group", members.resourceType());
    assertEquals(List.of("members"), members.attributes());
    assertEquals(-1, members.toString().indexOf("u-secret"));
    assertEquals(-1, members.toString().indexOf("bjensen"));
    assertEquals(
        List.of(),
        AuditEvent.of(change(ResourceType.USER, ProvisioningChange.Operation.DELETE, List.of("x")))
            .attributes());
  }
}
