package dev.scimserverless.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.handlers.TokenAuthorizerHandler;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin CLI against a DynamoDB table (Dynoxide), checked with the real token authorizer on the
 * same table: issue, rotate with no gap, revoke, disable, audit.
 */
class AdminCliIT {
  static final Pattern TOKEN = Pattern.compile("token: +(scim_\\S+)");
  static final Pattern TOKEN_ID = Pattern.compile("tokenId: +(tok_\\S+)");

  Dynoxide dynoxide;
  String table;
  TokenAuthorizerHandler authorizer;
  final List<String> attached = new ArrayList<>();

  record Run(int status, String out, String err) {}

  @BeforeEach
  void setUp() {
    dynoxide = Dynoxide.shared();
    table = dynoxide.freshTable();
    authorizer = new TokenAuthorizerHandler(new DynamoDbStore(dynoxide.client(), table));
  }

  Run admin(String... command) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--table", table, "--dynamodb-endpoint", dynoxide.endpoint().toString()));
    args.addAll(List.of(command));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        AdminCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "alice",
            region ->
                (plan, tenant) -> {
                  attached.add(plan + "/" + tenant);
                  return "key-" + tenant;
                });
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run ok(String... command) {
    Run r = admin(command);
    assertEquals(0, r.status(), String.join(" ", command) + ": " + r.err() + r.out());
    return r;
  }

  static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(m.find(), p + " in " + text);
    return m.group(1);
  }

  /** The tenant the authorizer lets this token act for; throws Unauthorized when none. */
  @SuppressWarnings("unchecked")
  String tenantOf(String token) {
    APIGatewayCustomAuthorizerEvent e = new APIGatewayCustomAuthorizerEvent();
    e.setType("TOKEN");
    e.setAuthorizationToken("Bearer " + token);
    e.setMethodArn("arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/scim/v2/Users");
    Map<String, Object> policy = authorizer.handleRequest(e, null);
    return (String) ((Map<String, Object>) policy.get("context")).get("tenant");
  }

  void rejected(String token) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> tenantOf(token));
    assertEquals("Unauthorized", e.getMessage());
  }

  @Test
  void issueRotateRevokeDisableAndAudit() {
    assertTrue(ok("tenant", "create", "acme", "--name", "Acme Inc.").out().contains("created"));
    ok("tenant", "create", "beta");
    String tenants = ok("tenant", "list").out();
    assertTrue(tenants.contains("acme\tenabled"), tenants);
    assertTrue(tenants.contains("Acme Inc."), tenants);
    assertTrue(tenants.contains("beta\tenabled"), tenants);

    Run first = ok("token", "create", "--tenant", "acme");
    String oldToken = group(TOKEN, first.out());
    String oldId = group(TOKEN_ID, first.out());
    assertEquals("acme", tenantOf(oldToken));

    // rotation: a second token works alongside the first, then the first is revoked
    Run second = ok("token", "create", "--tenant", "acme");
    String newToken = group(TOKEN, second.out());
    String newId = group(TOKEN_ID, second.out());
    assertEquals("acme", tenantOf(oldToken));
    assertEquals("acme", tenantOf(newToken));
    Run third = admin("token", "create", "--tenant", "acme");
    assertEquals(1, third.status());
    assertTrue(third.err().contains("revoke"), third.err());

    String listed = ok("token", "list", "--tenant", "acme").out();
    assertTrue(listed.contains(oldId + "\tactive"), listed);
    assertTrue(listed.contains(newId + "\tactive"), listed);
    assertFalse(listed.contains(oldToken) || listed.contains(Tokens.hash(oldToken)), listed);
    assertTrue(
        listed
            .lines()
            .filter(l -> l.startsWith(oldId))
            .findFirst()
            .orElseThrow()
            .matches(".*\\t20\\d\\d-.*Z$"),
        "the authorizer recorded the last use: " + listed);

    ok("token", "revoke", "--tenant", "acme", oldId);
    rejected(oldToken);
    assertEquals("acme", tenantOf(newToken));
    assertTrue(ok("token", "list", "--tenant", "acme").out().contains(oldId + "\trevoked"));
    Run wrongTenant = admin("token", "revoke", "--tenant", "beta", newId);
    assertEquals(1, wrongTenant.status(), "another tenant's token id is not found");
    assertEquals("acme", tenantOf(newToken));

    ok("tenant", "disable", "acme");
    rejected(newToken);
    assertTrue(ok("tenant", "list").out().contains("acme\tdisabled"));
    ok("tenant", "enable", "acme");
    assertEquals("acme", tenantOf(newToken));

    String audit = ok("audit", "--tenant", "acme", "--since", "1h").out();
    List<String> operations = audit.lines().skip(1).map(l -> l.split("\t")[2]).toList();
    assertEquals(
        List.of(
            "tenant.create",
            "token.create",
            "token.create",
            "token.revoke",
            "tenant.disable",
            "tenant.enable"),
        operations,
        audit);
    assertTrue(audit.lines().skip(1).allMatch(l -> l.split("\t")[1].equals("admin:alice")), audit);
    assertFalse(audit.contains(newToken) || audit.contains(oldToken));
    String ofOld = ok("audit", "--tenant", "acme", "--resource", oldId).out();
    assertEquals(2, ofOld.lines().count() - 1, ofOld); // created and revoked
    assertEquals(1, ok("audit", "--tenant", "acme", "--since", "2999-01-01").out().lines().count());
    assertTrue(ok("audit", "--tenant", "beta").out().contains("tenant.create"));
    assertTrue(attached.isEmpty(), "no usage plan given, no API Gateway call");
  }

  @Test
  void usagePlanAndErrors() {
    ok("tenant", "create", "gamma", "--usage-plan", "plan9");
    assertEquals(List.of("plan9/gamma"), attached);

    Run exists = admin("tenant", "create", "gamma");
    assertEquals(1, exists.status());
    assertTrue(exists.err().contains("exists"), exists.err());
    Run missing = admin("token", "create", "--tenant", "nobody");
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("no tenant nobody"), missing.err());
    Run badId = admin("tenant", "create", "bad#id");
    assertEquals(2, badId.status(), badId.err());
    Run usage = admin("token", "create");
    assertEquals(2, usage.status());
    assertTrue(usage.err().contains("--tenant"), usage.err());
  }

  @Test
  void checkFindsACorruptionAndRepairMendsIt() {
    ok("tenant", "create", "delta");
    DynamoDbStore store = new DynamoDbStore(dynoxide.client(), table);
    store
        .forTenant(dev.scimserverless.core.store.TenantId.of("delta"))
        .resources()
        .create(
            new dev.scimserverless.core.store.StoredResource(
                dev.scimserverless.core.resource.ResourceType.USER,
                "u1",
                "{\"userName\":\"carol\"}",
                1,
                java.time.Instant.now(),
                java.time.Instant.now(),
                java.util.Map.of("userName", "carol"),
                java.util.Map.of()));
    assertTrue(ok("check", "--tenant", "delta").out().contains("delta: clean"));
    // the user's unique item lost (what a half-applied manual fix would leave)
    dynoxide
        .client()
        .deleteItem(
            b ->
                b.tableName(table)
                    .key(
                        java.util.Map.of(
                            "pk",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                "T#delta#User#U#userName"),
                            "sk",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                "carol"))));
    Run found = admin("check", "--tenant", "delta");
    assertEquals(1, found.status(), "a violation is a failure: " + found.out());
    assertTrue(found.out().contains("missing unique item"), found.out());
    Run repaired = admin("check", "--tenant", "delta", "--repair");
    assertEquals(0, repaired.status(), repaired.out() + repaired.err());
    assertTrue(repaired.out().contains("repaired: written"), repaired.out());
    assertTrue(ok("check", "--tenant", "delta").out().contains("delta: clean"));
    assertEquals(1, admin("check", "--tenant", "nobody").status());
    assertEquals(2, admin("check").status(), "--tenant is required");
  }

  static final Pattern WEBHOOK_ID = Pattern.compile("webhookId: (wh_[0-9a-f]{16})");
  static final Pattern SECRET = Pattern.compile("secret: +(whsec_\\S+)");

  @Test
  void webhooksAddListReplayAndRemoveOnTheTable() throws Exception {
    List<String> received = new ArrayList<>();
    com.sun.net.httpserver.HttpServer app =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    app.createContext(
        "/hook",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          synchronized (received) {
            received.add(x.getRequestHeaders().getFirst("webhook-id") + " " + body);
          }
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    app.start();
    try {
      ok("tenant", "create", "acme");
      String url = "http://127.0.0.1:" + app.getAddress().getPort() + "/hook";
      Run added = ok("webhook", "add", "--tenant", "acme", "--url", url, "--types", "user.created");
      String id = group(WEBHOOK_ID, added.out());
      String secret = group(SECRET, added.out());
      assertTrue(added.err().contains("only time the secret is shown"), added.err());
      Run listed = ok("webhook", "list", "--tenant", "acme");
      assertTrue(listed.out().contains(id + "\t"), listed.out());
      assertTrue(listed.out().contains("\tuser.created\t" + url), listed.out());
      assertFalse(listed.out().contains(secret), "the secret is printed once");

      // a delivery the relay gave up on, as it parks one
      dev.scimserverless.store.dynamodb.DynamoDbWebhookDeliveries deliveries =
          new dev.scimserverless.store.dynamodb.DynamoDbWebhookDeliveries(dynoxide.client(), table);
      deliveries.park(
          new dev.scimserverless.core.store.WebhookDeliveries.DeadLetter(
              "acme",
              "dl_00000000000000aa",
              id,
              "chg-1.0",
              "user.created",
              "{\"id\":\"chg-1.0\",\"type\":\"user.created\"}",
              41,
              java.util.Optional.of(503),
              "HTTP 503",
              java.time.Instant.parse("2026-12-02T10:00:00Z")));
      Run dead = ok("webhook", "dead-letters", "--tenant", "acme");
      assertTrue(
          dead.out()
              .contains(
                  "dl_00000000000000aa\t2026-12-02T10:00:00Z\t"
                      + id
                      + "\tchg-1.0\tuser.created\t41\t503"),
          dead.out());

      Run replayed = ok("webhook", "replay", "--tenant", "acme", "--id", "dl_00000000000000aa");
      assertTrue(replayed.out().contains("delivered, 204"), replayed.out());
      assertEquals(List.of("chg-1.0 {\"id\":\"chg-1.0\",\"type\":\"user.created\"}"), received);
      assertFalse(
          ok("webhook", "dead-letters", "--tenant", "acme").out().contains("dl_00000000000000aa"));
      assertTrue(
          ok("webhook", "deliveries", "--tenant", "acme")
              .out()
              .contains("\tchg-1.0\tuser.created\t42\t204\tdelivered"));
      assertEquals(
          1,
          admin("webhook", "replay", "--tenant", "acme", "--id", "dl_00000000000000aa").status());

      assertEquals(
          2, admin("webhook", "add", "--tenant", "acme", "--url", "http://app.example/h").status());
      assertEquals(
          2,
          admin("webhook", "add", "--tenant", "acme", "--url", url, "--types", "user.exploded")
              .status());
      ok("webhook", "remove", "--tenant", "acme", "--id", id);
      assertFalse(ok("webhook", "list", "--tenant", "acme").out().contains(id));
      assertEquals(1, admin("webhook", "remove", "--tenant", "acme", "--id", id).status());
    } finally {
      app.stop(0);
    }
  }
}
