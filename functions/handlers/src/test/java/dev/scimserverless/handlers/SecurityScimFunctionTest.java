package dev.scimserverless.handlers;

import static dev.scimserverless.handlers.GatewayEvents.event;
import static dev.scimserverless.handlers.GatewayEvents.json;
import static dev.scimserverless.handlers.GatewayEvents.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import dev.scimserverless.store.memory.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every SCIM function does around the core: audit every successful change (names, never
 * values), one log line per request without secrets, 413 over 1 MB, request ids in 5xx details.
 */
class SecurityScimFunctionTest {
  static final String USERS = "/scim/v2/Users";
  static final String USER = "/scim/v2/Users/{id}";
  static final String GROUPS = "/scim/v2/Groups";
  static final String GROUP = "/scim/v2/Groups/{id}";

  InMemoryStore store;
  InMemoryAuditLog audit;
  ByteArrayOutputStream logBytes;
  UsersHandler users;
  GroupsHandler groups;

  @BeforeEach
  void setUp() {
    store = new InMemoryStore();
    audit = new InMemoryAuditLog();
    logBytes = new ByteArrayOutputStream();
    FunctionSupport support =
        FunctionSupport.of(audit).withLog(RequestLog.to(new PrintStream(logBytes, true)));
    users = new UsersHandler(store, support);
    groups = new GroupsHandler(store, support);
  }

  APIGatewayProxyResponseEvent call(
      ScimFunction f, String method, String path, String resource, String body) {
    return f.handleRequest(event(method, path, resource, body, "acme", "tok_a"), null);
  }

  List<AuditEvent> events() {
    return audit.query("acme", Instant.EPOCH, Optional.empty(), 1000);
  }

  String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  List<JsonNode> logLines() {
    return log().lines().map(Json::parse).toList();
  }

  String createUser(String userName) {
    APIGatewayProxyResponseEvent r = call(users, "POST", USERS, USERS, user(userName));
    assertEquals(201, r.getStatusCode(), r.getBody());
    return json(r).get("id").asText();
  }

  @Test
  void everyChangeOfAUserIsAuditedWithNamesNeverValues() {
    String id = createUser("bjensen");
    assertEquals(
        200,
        call(users, "PUT", USERS + "/" + id, USER, user("bjensen2").replace("Barbara", "Babs"))
            .getStatusCode());
    String patch =
        """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
          {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"secret@example.com"},
          {"op":"Replace","value":{"active":false,"displayName":"Hidden Name"}}]}
        """;
    assertEquals(200, call(users, "PATCH", USERS + "/" + id, USER, patch).getStatusCode());
    assertEquals(204, call(users, "DELETE", USERS + "/" + id, USER, null).getStatusCode());

    List<AuditEvent> events = events();
    assertEquals(
        List.of("create", "replace", "patch", "delete"),
        events.stream().map(AuditEvent::operation).toList());
    for (AuditEvent e : events) {
      assertEquals("acme", e.tenant());
      assertEquals("tok_a", e.actor());
      assertEquals("User", e.resourceType());
      assertEquals(id, e.resourceId());
      assertFalse(e.requestId().isEmpty());
    }
    List<String> created = events.get(0).attributes();
    assertTrue(created.containsAll(List.of("userName", "password", "name", "emails", "active")));
    assertTrue(
        created.contains(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"));
    assertFalse(created.contains("schemas"));
    assertEquals(List.of("emails.value", "active", "displayName"), events.get(2).attributes());
    assertEquals(List.of(), events.get(3).attributes());

    String everything = events.toString() + log();
    for (String secret :
        List.of(
            "Pa55w0rd-secret",
            "secret@example.com",
            "Hidden Name",
            "701984",
            "Babs",
            "scim_secret_token_value_never_logged",
            "bjensen@example.com")) {
      assertFalse(everything.contains(secret), "leaked " + secret);
    }
  }

  @Test
  void membershipChangesAreAuditedOnTheGroup() {
    String u = createUser("member1");
    APIGatewayProxyResponseEvent created =
        call(
            groups,
            "POST",
            GROUPS,
            GROUPS,
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Eng\"}");
    assertEquals(201, created.getStatusCode(), created.getBody());
    String g = json(created).get("id").asText();
    String add =
        """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
         "Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}
        """
            .formatted(u);
    assertEquals(204, call(groups, "PATCH", GROUPS + "/" + g, GROUP, add).getStatusCode());
    String remove =
        """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
         "Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}
        """
            .formatted(u);
    assertEquals(204, call(groups, "PATCH", GROUPS + "/" + g, GROUP, remove).getStatusCode());

    List<AuditEvent> ofGroup = audit.query("acme", Instant.EPOCH, Optional.of(g), 100);
    assertEquals(
        List.of("create", "patch", "patch"), ofGroup.stream().map(AuditEvent::operation).toList());
    assertEquals("Group", ofGroup.get(1).resourceType());
    assertEquals(List.of("members"), ofGroup.get(1).attributes());
    assertEquals(List.of("members"), ofGroup.get(2).attributes());
    assertFalse(ofGroup.toString().contains(u), "the member id is a value, not kept");
  }

  @Test
  void readsQueriesAndFailuresAreNotAudited() {
    String id = createUser("reader");
    int before = events().size();
    assertEquals(200, call(users, "GET", USERS + "/" + id, USER, null).getStatusCode());
    assertEquals(200, call(users, "GET", USERS, USERS, null).getStatusCode());
    call(users, "POST", USERS + "/.search", USERS + "/.search", "{\"schemas\":[]}");
    assertEquals(409, call(users, "POST", USERS, USERS, user("reader")).getStatusCode());
    assertEquals(404, call(users, "DELETE", USERS + "/nope", USER, null).getStatusCode());
    assertEquals(before, events().size());
  }

  @Test
  void aFailedAuditWriteKeepsTheChangeAndLogsTheWholeEvent() {
    AuditLog failing =
        new AuditLog() {
          @Override
          public void record(AuditEvent event) {
            throw new StoreException.Unavailable("audit down", true, null);
          }

          @Override
          public List<AuditEvent> query(
              String tenant, Instant since, Optional<String> resourceId, int limit) {
            return List.of();
          }
        };
    UsersHandler handler =
        new UsersHandler(
            store,
            FunctionSupport.of(failing).withLog(RequestLog.to(new PrintStream(logBytes, true))));
    APIGatewayProxyResponseEvent r =
        handler.handleRequest(event("POST", USERS, USERS, user("kept"), "acme", "tok_a"), null);
    assertEquals(201, r.getStatusCode());
    String id = json(r).get("id").asText();
    assertTrue(
        store
            .forTenant(TenantId.of("acme"))
            .resources()
            .get(dev.scimserverless.core.resource.ResourceType.USER, id)
            .isPresent());

    JsonNode line = logLines().stream().filter(l -> l.has("auditEvent")).findFirst().orElseThrow();
    assertEquals("ERROR", line.get("level").asText());
    JsonNode e = line.get("auditEvent");
    assertEquals("create", e.get("operation").asText());
    assertEquals("acme", e.get("tenant").asText());
    assertEquals("tok_a", e.get("actor").asText());
    assertEquals("User", e.get("resourceType").asText());
    assertEquals(id, e.get("resourceId").asText());
    assertTrue(e.get("attributes").toString().contains("userName"));
    assertFalse(e.get("requestId").asText().isEmpty());
    assertFalse(log().contains("Pa55w0rd-secret"));
  }

  @Test
  void oneStructuredLinePerRequestWithoutSecrets() {
    APIGatewayProxyRequestEvent e = event("POST", USERS, USERS, user("logged"), "acme", "tok_a");
    users.handleRequest(e, null);
    List<JsonNode> lines = logLines();
    assertEquals(1, lines.size());
    JsonNode line = lines.get(0);
    assertEquals(e.getRequestContext().getRequestId(), line.get("requestId").asText());
    assertEquals("acme", line.get("tenant").asText());
    assertEquals("tok_a", line.get("tokenId").asText());
    assertEquals("POST", line.get("method").asText());
    assertEquals(USERS, line.get("route").asText());
    assertEquals(201, line.get("status").asInt());
    assertTrue(line.has("latencyMs"));
    assertEquals(0, line.get("dynamoDbCalls").asLong());
    assertFalse(log().contains("Pa55w0rd-secret"));
    assertFalse(log().contains("logged@example.com"));
    assertFalse(log().contains("Bearer"));

    logBytes.reset();
    users.handleRequest(event("POST", USERS, USERS, user("logged"), "acme", "tok_a"), null);
    JsonNode conflict = logLines().get(0);
    assertEquals(409, conflict.get("status").asInt());
    assertEquals("uniqueness", conflict.get("scimType").asText());
  }

  @Test
  void bodiesOverOneMegabyteAre413BeforeTheCore() {
    String big =
        user("big").replace("\"active\":true", "\"nickName\":\"" + "x".repeat(1 << 20) + "\"");
    APIGatewayProxyResponseEvent r = call(users, "POST", USERS, USERS, big);
    assertEquals(413, r.getStatusCode());
    assertEquals(
        "urn:ietf:params:scim:api:messages:2.0:Error", json(r).get("schemas").get(0).asText());
    assertEquals("413", json(r).get("status").asText());
    assertTrue(events().isEmpty());
    assertEquals(
        0,
        store
            .forTenant(TenantId.of("acme"))
            .resources()
            .count(dev.scimserverless.core.resource.ResourceType.USER));

    assertFalse(ScimFunction.tooLarge("x".repeat(ScimFunction.MAX_PAYLOAD_BYTES)));
    assertTrue(ScimFunction.tooLarge("x".repeat(ScimFunction.MAX_PAYLOAD_BYTES + 1)));
    // multi-byte characters count as their UTF-8 bytes
    assertTrue(ScimFunction.tooLarge("é".repeat(ScimFunction.MAX_PAYLOAD_BYTES / 2 + 1)));
    assertFalse(ScimFunction.tooLarge("é".repeat(ScimFunction.MAX_PAYLOAD_BYTES / 2)));
  }

  @Test
  void withoutTheAuthorizersTenantItIs401() {
    APIGatewayProxyResponseEvent r =
        users.handleRequest(event("GET", USERS, USERS, null, null, null), null);
    assertEquals(401, r.getStatusCode());
  }
}
