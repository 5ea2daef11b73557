package dev.scimserverless.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminArgsTest {
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

  static AdminArgs parse(String... args) {
    return AdminArgs.parse(List.of(args), NOW);
  }

  static void rejects(String expectedFragment, String... args) {
    AdminArgs.UsageException e =
        assertThrows(AdminArgs.UsageException.class, () -> parse(args), String.join(" ", args));
    assertTrue(
        e.getMessage().contains(expectedFragment),
        "'" + e.getMessage() + "' should mention '" + expectedFragment + "'");
  }

  @Test
  void globalOptions() {
    AdminArgs a =
        parse(
            "--table",
            "scim-prod",
            "--region",
            "eu-west-1",
            "--dynamodb-endpoint",
            "http://127.0.0.1:8000",
            "--audit-retention-days",
            "90",
            "tenant",
            "list");
    assertEquals("scim-prod", a.table());
    assertEquals(Optional.of("eu-west-1"), a.region());
    assertEquals(Optional.of("http://127.0.0.1:8000"), a.dynamodbEndpoint());
    assertEquals(90, a.auditRetentionDays());
    assertEquals(new Command.TenantList(), a.command());

    AdminArgs defaults = parse("tenant", "list", "--table", "t");
    assertEquals(Optional.empty(), defaults.region());
    assertEquals(Optional.empty(), defaults.dynamodbEndpoint());
    assertEquals(AdminArgs.DEFAULT_RETENTION_DAYS, defaults.auditRetentionDays());
  }

  @Test
  void tenantCommands() {
    assertEquals(
        new Command.TenantCreate("acme", Optional.empty(), Optional.empty()),
        parse("--table", "t", "tenant", "create", "acme").command());
    assertEquals(
        new Command.TenantCreate("acme", Optional.of("Acme Inc."), Optional.of("abc123")),
        parse(
                "--table",
                "t",
                "tenant",
                "create",
                "acme",
                "--name",
                "Acme Inc.",
                "--usage-plan",
                "abc123")
            .command());
    assertEquals(
        new Command.TenantDisable("acme"),
        parse("--table", "t", "tenant", "disable", "acme").command());
    assertEquals(
        new Command.TenantEnable("acme"),
        parse("--table", "t", "tenant", "enable", "acme").command());
    assertEquals(
        new Command.TenantAttach("acme", "plan1"),
        parse("--table", "t", "tenant", "attach", "acme", "--usage-plan", "plan1").command());
  }

  @Test
  void tokenCommands() {
    assertEquals(
        new Command.TokenCreate("acme"),
        parse("--table", "t", "token", "create", "--tenant", "acme").command());
    assertEquals(
        new Command.TokenList("acme"),
        parse("--tenant", "acme", "token", "list", "--table", "t").command());
    assertEquals(
        new Command.TokenRevoke("acme", "tok_0123"),
        parse("--table", "t", "token", "revoke", "--tenant", "acme", "tok_0123").command());
  }

  @Test
  void auditCommand() {
    assertEquals(
        new Command.AuditQuery(
            "acme", NOW.minus(AdminArgs.DEFAULT_SINCE), Optional.empty(), AdminArgs.DEFAULT_LIMIT),
        parse("--table", "t", "audit", "--tenant", "acme").command());
    assertEquals(
        new Command.AuditQuery("acme", NOW.minus(Duration.ofHours(24)), Optional.of("u1"), 5),
        parse(
                "--table",
                "t",
                "audit",
                "--tenant",
                "acme",
                "--since",
                "24h",
                "--resource",
                "u1",
                "--limit",
                "5")
            .command());
  }

  @Test
  void sinceTakesDurationsInstantsAndDates() {
    assertEquals(NOW.minusSeconds(90), AdminArgs.since("90s", NOW));
    assertEquals(NOW.minus(Duration.ofMinutes(30)), AdminArgs.since("30m", NOW));
    assertEquals(NOW.minus(Duration.ofDays(7)), AdminArgs.since("7d", NOW));
    assertEquals(NOW.minus(Duration.ofDays(14)), AdminArgs.since("2w", NOW));
    assertEquals(NOW.minus(Duration.ofHours(24)), AdminArgs.since("PT24H", NOW));
    assertEquals(NOW.minus(Duration.ofDays(3)), AdminArgs.since("P3D", NOW));
    assertEquals(
        Instant.parse("2025-01-31T12:00:00Z"), AdminArgs.since("2025-01-31T12:00:00Z", NOW));
    assertEquals(
        Instant.parse("2025-01-31T10:00:00Z"), AdminArgs.since("2025-01-31T12:00:00+02:00", NOW));
    assertEquals(Instant.parse("2025-01-31T00:00:00Z"), AdminArgs.since("2025-01-31", NOW));
    assertThrows(AdminArgs.UsageException.class, () -> AdminArgs.since("yesterday", NOW));
    assertThrows(AdminArgs.UsageException.class, () -> AdminArgs.since("24x", NOW));
  }

  @Test
  void mistakesAreUsageErrors() {
    rejects("--table is required", "tenant", "list");
    rejects("no command", "--table", "t");
    rejects("unknown command", "--table", "t", "tenants", "list");
    rejects("tenant takes", "--table", "t", "tenant", "delete", "acme");
    rejects("token takes", "--table", "t", "token", "rotate", "--tenant", "acme");
    rejects("usage: tenant create ID", "--table", "t", "tenant", "create");
    rejects("usage: tenant create ID", "--table", "t", "tenant", "create", "a", "b");
    rejects("token create needs --tenant", "--table", "t", "token", "create");
    rejects("usage: token revoke", "--table", "t", "token", "revoke", "--tenant", "acme");
    rejects("tenant attach needs --usage-plan", "--table", "t", "tenant", "attach", "acme");
    rejects("audit needs --tenant", "--table", "t", "audit");
    rejects(
        "--name does not apply", "--table", "t", "token", "create", "--tenant", "a", "--name", "x");
    rejects("--tenant does not apply", "--table", "t", "tenant", "list", "--tenant", "a");
    rejects("unknown option --force", "--table", "t", "tenant", "list", "--force", "x");
    rejects("--limit needs a value", "--table", "t", "audit", "--tenant", "a", "--limit");
    rejects("--limit takes a number", "--table", "t", "audit", "--tenant", "a", "--limit", "many");
    rejects("--limit must be at least 1", "--table", "t", "audit", "--tenant", "a", "--limit", "0");
    rejects("--limit is at most", "--table", "t", "audit", "--tenant", "a", "--limit", "99999");
    rejects("--table given twice", "--table", "t", "--table", "u", "tenant", "list");
    rejects("usage: java -jar scim-admin.jar", "--help");
  }
}
