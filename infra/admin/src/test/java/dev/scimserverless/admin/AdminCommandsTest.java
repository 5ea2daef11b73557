package dev.scimserverless.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.auth.TokenAuthenticator;
import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import dev.scimserverless.store.memory.InMemoryStore;
import dev.scimserverless.store.memory.InMemoryWebhookDeliveries;
import dev.scimserverless.store.memory.InMemoryWebhookSubscriptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin commands on the in-memory adapters (the CLI on DynamoDB: AdminCliIT). */
class AdminCommandsTest {
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  static final Pattern TOKEN = Pattern.compile("token: +(scim_\\S+)");
  static final Pattern TOKEN_ID = Pattern.compile("tokenId: +(tok_\\S+)");

  InMemoryStore store;
  InMemoryAuditLog audit;
  ByteArrayOutputStream out;
  ByteArrayOutputStream err;
  List<String> attached;
  Admin admin;

  @BeforeEach
  void setUp() {
    store = new InMemoryStore();
    audit = new InMemoryAuditLog();
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    attached = new ArrayList<>();
    admin =
        new Admin(
            store,
            audit,
            ProvisioningLog.NONE,
            new InMemoryWebhookSubscriptions(),
            new InMemoryWebhookDeliveries(),
            () ->
                (plan, tenant) -> {
                  attached.add(plan + "/" + tenant);
                  return "key-" + tenant;
                },
            () -> {
              throw new UnsupportedOperationException("check runs on DynamoDB (AdminCliIT)");
            },
            "admin:alice",
            "admin-run-1",
            Clock.fixed(NOW, ZoneOffset.UTC),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    String s = out.toString(StandardCharsets.UTF_8);
    out.reset();
    return s;
  }

  static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(m.find(), p + " in " + text);
    return m.group(1);
  }

  List<AuditEvent> events(String tenant) {
    return audit.query(tenant, Instant.EPOCH, Optional.empty(), 100);
  }

  @Test
  void createTenantThenIssueAToken() {
    admin.run(new Command.TenantCreate("acme", Optional.of("Acme"), Optional.empty()));
    assertTrue(out().contains("created tenant acme (Acme)"));
    assertTrue(attached.isEmpty(), "no usage plan, no AWS call");

    admin.run(new Command.TokenCreate("acme"));
    String printed = out();
    String token = group(TOKEN, printed);
    String tokenId = group(TOKEN_ID, printed);
    assertTrue(token.startsWith(Tokens.PREFIX));
    assertEquals(Tokens.PREFIX.length() + 43, token.length(), "256 random bits");
    TokenRecord stored = store.findTokenByHash(Tokens.hash(token)).orElseThrow();
    assertEquals(tokenId, stored.tokenId());
    assertEquals(NOW, stored.created());
    assertEquals(
        "acme",
        new TokenAuthenticator(store).authenticate("Bearer " + token).orElseThrow().tenant());

    admin.run(new Command.TokenList("acme"));
    String listed = out();
    assertTrue(listed.contains(tokenId + "\tactive\t" + NOW + "\tnever"), listed);
    assertFalse(listed.contains(token), "the token is printed once only");
    assertFalse(listed.contains(Tokens.hash(token)), "never a hash");

    assertEquals(
        List.of("tenant.create", "token.create"),
        events("acme").stream().map(AuditEvent::operation).toList());
    AuditEvent issued = events("acme").get(1);
    assertEquals("admin:alice", issued.actor());
    assertEquals("Token", issued.resourceType());
    assertEquals(tokenId, issued.resourceId());
    assertEquals("admin-run-1", issued.requestId());
    assertFalse(issued.toString().contains(token));
  }

  @Test
  void twoActiveTokensAtMostSoRotationHasNoGapButNoSprawl() {
    admin.run(new Command.TenantCreate("acme", Optional.empty(), Optional.empty()));
    admin.run(new Command.TokenCreate("acme"));
    String oldId = group(TOKEN_ID, out());
    admin.run(new Command.TokenCreate("acme"));
    String newToken = group(TOKEN, out());
    Admin.AdminException third =
        assertThrows(Admin.AdminException.class, () -> admin.run(new Command.TokenCreate("acme")));
    assertTrue(third.getMessage().contains("revoke"), third.getMessage());

    admin.run(new Command.TokenRevoke("acme", oldId));
    assertTrue(out().contains("revoked " + oldId));
    admin.run(new Command.TokenList("acme"));
    assertTrue(out().contains(oldId + "\trevoked"));
    assertTrue(new TokenAuthenticator(store).authenticate("Bearer " + newToken).isPresent());
    admin.run(new Command.TokenCreate("acme")); // room again after the revocation
    assertEquals(
        List.of("tenant.create", "token.create", "token.create", "token.revoke", "token.create"),
        events("acme").stream().map(AuditEvent::operation).toList());
  }

  @Test
  void disableAndEnable() {
    admin.run(new Command.TenantCreate("acme", Optional.empty(), Optional.empty()));
    admin.run(new Command.TokenCreate("acme"));
    String token = group(TOKEN, out());
    admin.run(new Command.TenantDisable("acme"));
    assertTrue(new TokenAuthenticator(store).authenticate("Bearer " + token).isEmpty());
    admin.run(new Command.TenantList());
    assertTrue(out().contains("acme\tdisabled"));
    admin.run(new Command.TenantEnable("acme"));
    assertTrue(new TokenAuthenticator(store).authenticate("Bearer " + token).isPresent());
    assertEquals(
        List.of("tenant.create", "token.create", "tenant.disable", "tenant.enable"),
        events("acme").stream().map(AuditEvent::operation).toList());
  }

  @Test
  void usagePlanKeysAreAttachedOnlyWhenAsked() {
    admin.run(new Command.TenantCreate("acme", Optional.empty(), Optional.of("plan1")));
    assertEquals(List.of("plan1/acme"), attached);
    assertTrue(out().contains("API key key-acme is in usage plan plan1"));
    admin.run(new Command.TenantCreate("beta", Optional.empty(), Optional.empty()));
    admin.run(new Command.TenantAttach("beta", "plan1"));
    assertEquals(List.of("plan1/acme", "plan1/beta"), attached);
    assertThrows(
        Admin.AdminException.class, () -> admin.run(new Command.TenantAttach("nobody", "plan1")));
  }

  @Test
  void auditListsTheTenantsEvents() {
    admin.run(new Command.TenantCreate("acme", Optional.empty(), Optional.empty()));
    admin.run(new Command.TenantCreate("beta", Optional.empty(), Optional.empty()));
    audit.record(
        new AuditEvent(
            NOW.plusSeconds(1),
            "acme",
            "tok_1",
            "patch",
            "User",
            "u1",
            List.of("active", "emails"),
            "req-1"));
    out();
    admin.run(new Command.AuditQuery("acme", Instant.EPOCH, Optional.empty(), 100));
    String all = out();
    assertTrue(all.contains("admin:alice\ttenant.create\tTenant\tacme"), all);
    assertTrue(all.contains("tok_1\tpatch\tUser\tu1\tactive,emails\treq-1"), all);
    assertFalse(all.contains("beta"));
    admin.run(new Command.AuditQuery("acme", Instant.EPOCH, Optional.of("u1"), 100));
    String one = out();
    assertTrue(one.contains("u1") && !one.contains("tenant.create"), one);
    admin.run(new Command.AuditQuery("acme", NOW.plusSeconds(60), Optional.empty(), 100));
    assertEquals(1, out().lines().count(), "only the header");
  }

  @Test
  void mistakesAreReported() {
    assertThrows(Admin.AdminException.class, () -> admin.run(new Command.TokenCreate("nobody")));
    assertThrows(Admin.AdminException.class, () -> admin.run(new Command.TenantDisable("nobody")));
    admin.run(new Command.TenantCreate("acme", Optional.empty(), Optional.empty()));
    assertThrows(
        Admin.AdminException.class,
        () -> admin.run(new Command.TenantCreate("acme", Optional.empty(), Optional.empty())));
    assertThrows(
        Admin.AdminException.class, () -> admin.run(new Command.TokenRevoke("acme", "tok_none")));
  }

  static final Pattern WEBHOOK_ID = Pattern.compile("webhookId: (wh_[0-9a-f]{16})");
  static final Pattern SECRET = Pattern.compile("secret: +(whsec_\\S+)");

  @Test
  void webhooksAreAddedWithTheSecretPrintedOnceListedAndRemoved() {
    admin.run(new Command.TenantCreate("acme", Optional.empty(), Optional.empty()));
    out();
    admin.run(
        new Command.WebhookAdd(
            "acme", "https://app.example/scim-events", List.of("user.created", "user.created")));
    String printed = out();
    String id = group(WEBHOOK_ID, printed);
    String secret = group(SECRET, printed);
    assertTrue(secret.length() > 40, secret);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("only time the secret is shown"));
    assertTrue(printed.contains("types:     user.created\n"), "repeats dropped: " + printed);

    admin.run(new Command.WebhookList("acme"));
    String listed = out();
    assertTrue(listed.contains(id + "\t" + NOW + "\tuser.created\thttps://app.example/"), listed);
    assertFalse(listed.contains(secret), "the secret is printed once only");

    admin.run(new Command.WebhookRemove("acme", id));
    assertTrue(out().contains("removed webhook " + id));
    admin.run(new Command.WebhookList("acme"));
    assertFalse(out().contains(id));
    assertThrows(
        Admin.AdminException.class, () -> admin.run(new Command.WebhookRemove("acme", id)));
    assertEquals(
        List.of("tenant.create", "webhook.create", "webhook.delete"),
        events("acme").stream().map(AuditEvent::operation).toList());
  }

  @Test
  void webhookRulesAreTheServicesAndNameTheField() {
    admin.run(new Command.TenantCreate("acme", Optional.empty(), Optional.empty()));
    for (String bad :
        List.of(
            "http://app.example/hook",
            "ftp://app.example/hook",
            "https://user:pw@app.example/hook",
            "not a url",
            "/relative")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> admin.run(new Command.WebhookAdd("acme", bad, List.of())),
              bad);
      assertTrue(e.getMessage().contains("url"), e.getMessage());
    }
    IllegalArgumentException type =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                admin.run(
                    new Command.WebhookAdd(
                        "acme", "https://app.example/h", List.of("user.exploded"))));
    assertTrue(type.getMessage().contains("user.exploded"), type.getMessage());

    admin.run(new Command.WebhookAdd("acme", "http://localhost:9000/dev", List.of()));
    admin.run(new Command.WebhookAdd("acme", "http://127.0.0.1:9000/dev", List.of()));
    for (int i = 2; i < dev.scimserverless.core.admin.AdminService.MAX_WEBHOOKS; i++) {
      admin.run(new Command.WebhookAdd("acme", "https://app.example/h" + i, List.of()));
    }
    Admin.AdminException tooMany =
        assertThrows(
            Admin.AdminException.class,
            () -> admin.run(new Command.WebhookAdd("acme", "https://app.example/x", List.of())));
    assertTrue(tooMany.getMessage().contains("at most 10"), tooMany.getMessage());
    assertThrows(
        Admin.AdminException.class,
        () -> admin.run(new Command.WebhookAdd("nope", "https://app.example/x", List.of())));
    assertThrows(
        Admin.AdminException.class,
        () -> admin.run(new Command.WebhookReplay("acme", "dl_0123456789abcdef")));
  }
}
