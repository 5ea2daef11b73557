package dev.scimserverless.admin;

import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs admin commands on the tenant directory and the audit trail. Every change is audited with the
 * actor {@code admin:<OS user>}. Tokens are printed once, when issued, and stored only as their
 * SHA-256 hash; listings never show a hash.
 */
final class Admin {
  /** How many tokens a tenant may have active at once: two, so that rotation has no gap. */
  static final int MAX_ACTIVE_TOKENS = 2;

  private final TenantDirectory directory;
  private final AuditLog auditLog;
  private final Supplier<UsagePlans> usagePlans;
  private final String actor;
  private final String runId;
  private final Clock clock;
  private final PrintStream out;
  private final PrintStream err;

  /** A failure to report to the admin (exit status 1), e.g. no such tenant. */
  static final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AdminException(String message) {
      super(message, null, false, false);
    }
  }

  Admin(
      TenantDirectory directory,
      AuditLog auditLog,
      Supplier<UsagePlans> usagePlans,
      String actor,
      String runId,
      Clock clock,
      PrintStream out,
      PrintStream err) {
    this.directory = directory;
    this.auditLog = auditLog;
    this.usagePlans = usagePlans;
    this.actor = actor;
    this.runId = runId;
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  void run(Command command) {
    if (command instanceof Command.TenantCreate c) {
      tenantCreate(c);
    } else if (command instanceof Command.TenantList) {
      tenantList();
    } else if (command instanceof Command.TenantDisable c) {
      setDisabled(c.tenant(), true);
    } else if (command instanceof Command.TenantEnable c) {
      setDisabled(c.tenant(), false);
    } else if (command instanceof Command.TenantAttach c) {
      attach(c.tenant(), c.usagePlan());
    } else if (command instanceof Command.TokenCreate c) {
      tokenCreate(c.tenant());
    } else if (command instanceof Command.TokenList c) {
      tokenList(c.tenant());
    } else if (command instanceof Command.TokenRevoke c) {
      tokenRevoke(c.tenant(), c.tokenId());
    } else if (command instanceof Command.AuditQuery c) {
      audit(c);
    } else {
      throw new IllegalStateException("unhandled command " + command);
    }
  }

  private void tenantCreate(Command.TenantCreate c) {
    Tenant tenant = new Tenant(c.tenant(), c.name().orElse(c.tenant()), false, clock.instant());
    try {
      directory.createTenant(tenant);
    } catch (StoreException.UniquenessConflict e) {
      throw new AdminException("tenant " + c.tenant() + " exists already");
    }
    audit("tenant.create", c.tenant(), "Tenant", c.tenant(), List.of("name"));
    out.println("created tenant " + c.tenant() + " (" + tenant.name() + ")");
    c.usagePlan().ifPresent(plan -> attach(c.tenant(), plan));
    out.println("next: token create --tenant " + c.tenant());
  }

  private void attach(String tenant, String usagePlan) {
    requireTenant(tenant);
    String keyId = usagePlans.get().attach(usagePlan, tenant);
    audit("tenant.attach", tenant, "Tenant", tenant, List.of("usagePlan"));
    out.println("tenant " + tenant + ": API key " + keyId + " is in usage plan " + usagePlan);
  }

  private void tenantList() {
    List<Tenant> tenants = directory.listTenants();
    out.println(String.join("\t", "TENANT", "STATUS", "CREATED", "NAME"));
    for (Tenant t : tenants) {
      out.println(
          String.join(
              "\t",
              t.id(),
              t.disabled() ? "disabled" : "enabled",
              t.created().toString(),
              t.name()));
    }
  }

  private void setDisabled(String tenant, boolean disabled) {
    try {
      directory.setTenantDisabled(tenant, disabled);
    } catch (StoreException.NotFound e) {
      throw new AdminException("no tenant " + tenant);
    }
    audit(
        disabled ? "tenant.disable" : "tenant.enable",
        tenant,
        "Tenant",
        tenant,
        List.of("disabled"));
    out.println(
        "tenant "
            + tenant
            + (disabled
                ? " disabled: its tokens stop working within the authorizer cache TTL"
                : " enabled"));
  }

  private void tokenCreate(String tenantId) {
    Tenant tenant = requireTenant(tenantId);
    long active = directory.listTokens(tenantId).stream().filter(t -> !t.revoked()).count();
    if (active >= MAX_ACTIVE_TOKENS) {
      throw new AdminException(
          "tenant "
              + tenantId
              + " has "
              + active
              + " active tokens already; revoke the old one first (token list / token revoke)");
    }
    String token = Tokens.newToken();
    String tokenId = Tokens.newTokenId();
    directory.putToken(
        new TokenRecord(
            tokenId, tenantId, Tokens.hash(token), clock.instant(), Optional.empty(), false));
    audit("token.create", tenantId, "Token", tokenId, List.of());
    out.println("tenant:  " + tenantId);
    out.println("tokenId: " + tokenId);
    out.println("token:   " + token);
    out.println(
        "This is the only time the token is shown (only its hash is stored). Give it to the IdP"
            + " as the bearer token.");
    if (tenant.disabled()) {
      err.println(
          "warning: tenant " + tenantId + " is disabled; the token works once it is enabled");
    }
  }

  private void tokenList(String tenantId) {
    requireTenant(tenantId);
    out.println(String.join("\t", "TOKEN_ID", "STATUS", "CREATED", "LAST_USED"));
    for (TokenRecord t : directory.listTokens(tenantId)) {
      out.println(
          String.join(
              "\t",
              t.tokenId(),
              t.revoked() ? "revoked" : "active",
              t.created().toString(),
              t.lastUsed().map(Instant::toString).orElse("never")));
    }
  }

  private void tokenRevoke(String tenantId, String tokenId) {
    requireTenant(tenantId);
    try {
      directory.revokeToken(tenantId, tokenId);
    } catch (StoreException.NotFound e) {
      throw new AdminException("tenant " + tenantId + " has no token " + tokenId);
    }
    audit("token.revoke", tenantId, "Token", tokenId, List.of("revoked"));
    out.println(
        "revoked "
            + tokenId
            + " of tenant "
            + tenantId
            + ": it stops working within the authorizer cache TTL");
  }

  private void audit(Command.AuditQuery q) {
    requireTenant(q.tenant());
    List<AuditEvent> events = auditLog.query(q.tenant(), q.since(), q.resourceId(), q.limit());
    out.println(
        String.join(
            "\t", "TIME", "ACTOR", "OPERATION", "TYPE", "RESOURCE", "ATTRIBUTES", "REQUEST_ID"));
    for (AuditEvent e : events) {
      out.println(
          String.join(
              "\t",
              e.time().toString(),
              e.actor(),
              e.operation(),
              e.resourceType(),
              e.resourceId(),
              String.join(",", e.attributes()),
              e.requestId()));
    }
    if (events.size() == q.limit()) {
      err.println("(showing the first " + q.limit() + "; use --limit or a later --since for more)");
    }
  }

  private Tenant requireTenant(String tenantId) {
    return directory
        .getTenant(tenantId)
        .orElseThrow(() -> new AdminException("no tenant " + tenantId));
  }

  /** Records an admin change; a failed write is reported but does not undo the change. */
  private void audit(
      String operation, String tenant, String type, String resourceId, List<String> attributes) {
    AuditEvent event =
        new AuditEvent(
            clock.instant(), tenant, actor, operation, type, resourceId, attributes, runId);
    try {
      auditLog.record(event);
    } catch (RuntimeException e) {
      err.println("warning: the change is made but its audit event could not be written: " + event);
    }
  }
}
