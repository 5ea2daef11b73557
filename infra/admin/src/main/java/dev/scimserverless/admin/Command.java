package dev.scimserverless.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One admin command, as parsed from the command line. */
sealed interface Command
    permits Command.TenantCreate,
        Command.TenantList,
        Command.TenantDisable,
        Command.TenantEnable,
        Command.TenantAttach,
        Command.TokenCreate,
        Command.TokenList,
        Command.TokenRevoke,
        Command.AuditQuery,
        Command.Check,
        Command.WebhookAdd,
        Command.WebhookList,
        Command.WebhookRemove,
        Command.WebhookDeliveries,
        Command.WebhookDeadLetters,
        Command.WebhookReplay {

  /** {@code webhook add --tenant T --url U [--types a,b]}: prints the secret once. */
  record WebhookAdd(String tenant, String url, List<String> types) implements Command {}

  /** {@code webhook list --tenant T}: never the secrets. */
  record WebhookList(String tenant) implements Command {}

  /** {@code webhook remove --tenant T --id wh_…}. */
  record WebhookRemove(String tenant, String id) implements Command {}

  /** {@code webhook deliveries --tenant T [--limit N]}: recent attempts, newest first. */
  record WebhookDeliveries(String tenant, int limit) implements Command {}

  /** {@code webhook dead-letters --tenant T}. */
  record WebhookDeadLetters(String tenant) implements Command {}

  /** {@code webhook replay --tenant T --id dl_…}. */
  record WebhookReplay(String tenant, String id) implements Command {}

  /** {@code check --tenant T [--repair]}: the table's fsck for one tenant. */
  record Check(String tenant, boolean repair) implements Command {}

  /** {@code tenant create ID [--name N] [--usage-plan ID]}. */
  record TenantCreate(String tenant, Optional<String> name, Optional<String> usagePlan)
      implements Command {}

  /** {@code tenant list}. */
  record TenantList() implements Command {}

  /** {@code tenant disable ID}: every token of the tenant stops working. */
  record TenantDisable(String tenant) implements Command {}

  /** {@code tenant enable ID}. */
  record TenantEnable(String tenant) implements Command {}

  /** {@code tenant attach ID --usage-plan ID}: the tenant's API key into the usage plan. */
  record TenantAttach(String tenant, String usagePlan) implements Command {}

  /** {@code token create --tenant T}: prints the new token once. */
  record TokenCreate(String tenant) implements Command {}

  /** {@code token list --tenant T}: ids and times, never hashes. */
  record TokenList(String tenant) implements Command {}

  /** {@code token revoke --tenant T ID}. */
  record TokenRevoke(String tenant, String tokenId) implements Command {}

  /** {@code audit --tenant T [--since S] [--resource ID] [--limit N]}. */
  record AuditQuery(String tenant, Instant since, Optional<String> resourceId, int limit)
      implements Command {}
}
