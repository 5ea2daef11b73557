package dev.scimserverless.admin;

import dev.scimserverless.core.admin.AdminService;
import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.core.store.WebhookSubscriptions;
import dev.scimserverless.store.dynamodb.TableCheck;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs admin commands: a client of the core's {@link AdminService}, which holds every rule (the
 * Admin API uses the same); this class only prints. Every change is audited with the actor {@code
 * admin:<OS user>}. Tokens are printed once, when issued; listings never show a hash.
 */
final class Admin {
  private final AdminService service;
  private final Supplier<UsagePlans> usagePlans;
  private final Supplier<TableCheck> tableCheck;
  private final AdminService.Actor actor;
  private final PrintStream out;
  private final PrintStream err;

  /** A failure to report to the admin (exit status 1), e.g. no such tenant. */
  static final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AdminException(String message) {
      super(message, null, false, false);
    }
  }

  <S extends TenantDirectory & ScimStore> Admin(
      S store,
      AuditLog auditLog,
      ProvisioningLog provisioningLog,
      WebhookSubscriptions webhooks,
      WebhookDeliveries deliveries,
      Supplier<UsagePlans> usagePlans,
      Supplier<TableCheck> tableCheck,
      String actor,
      String runId,
      Clock clock,
      PrintStream out,
      PrintStream err) {
    this.service =
        new AdminService(
                store, store, auditLog, provisioningLog, clock, w -> err.println("warning: " + w))
            .withWebhooks(webhooks, deliveries);
    this.usagePlans = usagePlans;
    this.tableCheck = tableCheck;
    this.actor = new AdminService.Actor(actor, runId);
    this.out = out;
    this.err = err;
  }

  void run(Command command) {
    try {
      dispatch(command);
    } catch (dev.scimserverless.core.admin.AdminException.BadInput e) {
      throw new IllegalArgumentException(e.getMessage()); // a usage error: exit status 2
    } catch (dev.scimserverless.core.admin.AdminException e) {
      throw new AdminException(
          e instanceof dev.scimserverless.core.admin.AdminException.Unavailable
              ? "DynamoDB is unavailable or throttling, retry: " + e.getMessage()
              : e.getMessage());
    }
  }

  private void dispatch(Command command) {
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
    } else if (command instanceof Command.Check c) {
      check(c);
    } else if (command instanceof Command.WebhookAdd c) {
      webhookAdd(c);
    } else if (command instanceof Command.WebhookList c) {
      webhookList(c.tenant());
    } else if (command instanceof Command.WebhookRemove c) {
      service.removeWebhook(c.tenant(), c.id(), actor);
      out.println("removed webhook " + c.id() + " of tenant " + c.tenant());
    } else if (command instanceof Command.WebhookDeliveries c) {
      webhookDeliveries(c);
    } else if (command instanceof Command.WebhookDeadLetters c) {
      deadLetters(c.tenant());
    } else if (command instanceof Command.WebhookReplay c) {
      replay(c);
    } else {
      throw new IllegalStateException("unhandled command " + command);
    }
  }

  private void tenantCreate(Command.TenantCreate c) {
    Tenant tenant = service.createTenant(c.tenant(), c.name(), actor);
    out.println("created tenant " + c.tenant() + " (" + tenant.name() + ")");
    c.usagePlan().ifPresent(plan -> attach(c.tenant(), plan));
    out.println("next: token create --tenant " + c.tenant());
  }

  private void attach(String tenant, String usagePlan) {
    service.tenant(tenant);
    String keyId = usagePlans.get().attach(usagePlan, tenant);
    service.recordAdminChange(
        actor, "tenant.attach", tenant, "Tenant", tenant, List.of("usagePlan"));
    out.println("tenant " + tenant + ": API key " + keyId + " is in usage plan " + usagePlan);
  }

  private void tenantList() {
    out.println(String.join("\t", "TENANT", "STATUS", "CREATED", "NAME"));
    for (Tenant t : service.listTenants()) {
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
    service.setDisabled(tenant, disabled, actor);
    out.println(
        "tenant "
            + tenant
            + (disabled
                ? " disabled: its tokens stop working within the authorizer cache TTL"
                : " enabled"));
  }

  private void tokenCreate(String tenantId) {
    Tenant tenant = service.tenant(tenantId);
    AdminService.IssuedToken token = service.issueToken(tenantId, actor);
    out.println("tenant:  " + tenantId);
    out.println("tokenId: " + token.id());
    out.println("token:   " + token.value());
    out.println(
        "This is the only time the token is shown (only its hash is stored). Give it to the IdP"
            + " as the bearer token.");
    if (tenant.disabled()) {
      err.println(
          "warning: tenant " + tenantId + " is disabled; the token works once it is enabled");
    }
  }

  private void tokenList(String tenantId) {
    out.println(String.join("\t", "TOKEN_ID", "STATUS", "CREATED", "LAST_USED"));
    for (TokenRecord t : service.listTokens(tenantId)) {
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
    service.revokeToken(tenantId, tokenId, actor);
    out.println(
        "revoked "
            + tokenId
            + " of tenant "
            + tenantId
            + ": it stops working within the authorizer cache TTL");
  }

  private void check(Command.Check c) {
    service.tenant(c.tenant());
    TableCheck.Report report = tableCheck.get().check(c.tenant(), c.repair(), err::println);
    report.itemsRead().forEach((family, n) -> out.println("read " + n + " " + family));
    for (TableCheck.Violation v : report.violations()) {
      out.println(
          String.join(
              "\t",
              v.kind(),
              v.item(),
              v.detail(),
              v.repaired().map(r -> "repaired: " + r).orElse(c.repair() ? "NOT repaired" : "")));
    }
    out.println(
        report.clean()
            ? "tenant " + c.tenant() + ": clean"
            : "tenant "
                + c.tenant()
                + ": "
                + report.violations().size()
                + " violation(s), "
                + report.unrepaired()
                + " left"
                + (c.repair() ? "" : " (check --repair mends what is safe)"));
    if (report.unrepaired() > 0) {
      throw new AdminException(report.unrepaired() + " violation(s) left in tenant " + c.tenant());
    }
  }

  private void audit(Command.AuditQuery q) {
    List<AuditEvent> events = service.audit(q.tenant(), q.since(), q.resourceId(), q.limit());
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

  // ---- webhooks ----

  private void webhookAdd(Command.WebhookAdd c) {
    WebhookSubscription w = service.addWebhook(c.tenant(), c.url(), c.types(), actor);
    out.println("tenant:    " + c.tenant());
    out.println("webhookId: " + w.id());
    out.println("url:       " + w.url());
    out.println("types:     " + (w.types().isEmpty() ? "all" : String.join(",", w.types())));
    out.println("secret:    " + w.secret());
    err.println(
        "warning: this is the only time the secret is shown. Give it to the receiving app, which"
            + " verifies each delivery's webhook-signature with it (Standard Webhooks).");
  }

  private void webhookList(String tenant) {
    out.println(String.join("\t", "WEBHOOK_ID", "CREATED", "TYPES", "URL"));
    for (WebhookSubscription w : service.listWebhooks(tenant)) {
      out.println(
          String.join(
              "\t",
              w.id(),
              w.created().toString(),
              w.types().isEmpty() ? "all" : String.join(",", w.types()),
              w.url()));
    }
  }

  private void webhookDeliveries(Command.WebhookDeliveries c) {
    out.println(
        String.join(
            "\t", "TIME", "WEBHOOK_ID", "EVENT_ID", "TYPE", "ATTEMPT", "STATUS", "OUTCOME"));
    for (WebhookDeliveries.Attempt a : service.webhookDeliveries(c.tenant(), c.limit())) {
      out.println(
          String.join(
              "\t",
              a.time().toString(),
              a.subscription(),
              a.eventId(),
              a.type(),
              Integer.toString(a.attempt()),
              a.status().map(String::valueOf).orElse(a.error()),
              a.outcome().label()));
    }
  }

  private void deadLetters(String tenant) {
    out.println(
        String.join(
            "\t",
            "DEAD_LETTER_ID",
            "PARKED_AT",
            "WEBHOOK_ID",
            "EVENT_ID",
            "TYPE",
            "ATTEMPTS",
            "LAST_STATUS"));
    for (WebhookDeliveries.DeadLetter l : service.deadLetters(tenant)) {
      out.println(
          String.join(
              "\t",
              l.id(),
              l.parkedAt().toString(),
              l.subscription(),
              l.eventId(),
              l.type(),
              Integer.toString(l.attempts()),
              l.lastStatus().map(String::valueOf).orElse(l.lastError())));
    }
  }

  private void replay(Command.WebhookReplay c) {
    AdminService.Replay r = service.replay(c.tenant(), c.id(), actor);
    String status = r.result().status().map(String::valueOf).orElse(r.result().error());
    if (r.result().delivered()) {
      out.println(
          "replayed "
              + c.id()
              + " (webhook-id "
              + r.letter().eventId()
              + "): delivered, "
              + status);
    } else {
      throw new AdminException(
          "replayed "
              + c.id()
              + " (webhook-id "
              + r.letter().eventId()
              + "): not delivered ("
              + status
              + "); it stays in the dead letters");
    }
  }
}
