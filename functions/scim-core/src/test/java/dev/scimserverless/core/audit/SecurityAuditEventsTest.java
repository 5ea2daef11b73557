package dev.scimserverless.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.store.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Audit events derived from requests: which change, which resource, attribute names only. */
class SecurityAuditEventsTest {
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

  static ScimRequest request(String method, String path, String body) {
    return new ScimRequest(
        method, path, Map.of(), Map.of(), body, "acme", "req-1", "https://x/scim/v2");
  }

  static ScimResponse response(int status, String body) {
    return new ScimResponse(status, Map.of(), body);
  }

  static Optional<AuditEvent> of(String method, String path, String body, int status) {
    return AuditEvents.of(
        request(method, path, body), response(status, "{\"id\":\"new-id\"}"), "tok_1", NOW);
  }

  @Test
  void changesAreEventsWithTheirResource() {
    AuditEvent created =
        of(
                "POST",
                "/Users",
                "{\"schemas\":[\"x\"],\"userName\":\"a\",\"id\":\"mine\",\"meta\":{}}",
                201)
            .orElseThrow();
    assertEquals(
        new AuditEvent(
            NOW, "acme", "tok_1", "create", "User", "new-id", List.of("userName"), "req-1"),
        created);
    assertEquals(
        "replace",
        of("PUT", "/Groups/g1", "{\"displayName\":\"x\"}", 200).orElseThrow().operation());
    AuditEvent patched = of("PATCH", "/Groups/g1", "{}", 204).orElseThrow();
    assertEquals("patch", patched.operation());
    assertEquals("Group", patched.resourceType());
    assertEquals("g1", patched.resourceId());
    AuditEvent deleted = of("DELETE", "/Users/u1", null, 204).orElseThrow();
    assertEquals(List.of(), deleted.attributes());
    assertEquals("u1", deleted.resourceId());
  }

  @Test
  void readsSearchesAndFailuresAreNoEvents() {
    assertTrue(of("GET", "/Users/u1", null, 200).isEmpty());
    assertTrue(of("GET", "/Users", null, 200).isEmpty());
    assertTrue(of("POST", "/Users/.search", "{}", 200).isEmpty());
    assertTrue(of("POST", "/.search", "{}", 200).isEmpty());
    assertTrue(of("POST", "/Users", "{}", 409).isEmpty());
    assertTrue(of("DELETE", "/Users/u1", null, 404).isEmpty());
    assertTrue(of("PUT", "/Users", "{}", 405).isEmpty());
    assertTrue(of("DELETE", "/Users/u1/x", null, 204).isEmpty());
  }

  @Test
  void extensionAttributesAreNamedWithTheirUrn() {
    assertEquals(
        List.of(
            "userName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"),
        AuditEvents.bodyAttributes(
            """
            {"schemas":[],"userName":"a",
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
               {"employeeNumber":"701984","manager":{"value":"boss"}}}
            """));
    assertEquals(List.of(), AuditEvents.bodyAttributes("not json"));
    assertEquals(List.of(), AuditEvents.bodyAttributes("[1,2]"));
  }

  @Test
  void patchPathsLoseTheirFiltersAndPathlessValuesGiveTheirNames() {
    String body =
        """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"operations":[
          {"op":"Add","Path":"emails[type eq \\"work\\" and value eq \\"a]b@x.com\\"].value","value":"x"},
          {"op":"remove","path":"members[value eq \\"2819c223\\"]"},
          {"op":"replace","path":"name.givenName","value":"Secret"},
          {"op":"replace","value":{"active":false,"password":"Pa55",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D"}}},
          {"op":"replace","path":"name.givenName","value":"again"}]}
        """;
    assertEquals(
        List.of(
            "emails.value",
            "members",
            "name.givenName",
            "active",
            "password",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
        AuditEvents.patchAttributes(body));
    assertEquals("members", AuditEvents.withoutFilters("members[value eq \"x\"]"));
    assertEquals("a.b", AuditEvents.withoutFilters("a[x[y]].b"));
    assertEquals(
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        AuditEvents.withoutFilters(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"));
  }
}
