package dev.scimserverless.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin command line: global options (the table and where it is) and one command. Options may
 * come in any order; an option the command does not take is an error, not ignored.
 *
 * @param table the DynamoDB table (the stack output {@code TableName})
 * @param region the AWS region, else {@code AWS_REGION}
 * @param dynamodbEndpoint a DynamoDB-compatible endpoint (Dynoxide, DynamoDB Local) instead of AWS
 * @param auditRetentionDays how long the audit events of admin changes are kept
 * @param command what to do
 */
record AdminArgs(
    String table,
    Optional<String> region,
    Optional<String> dynamodbEndpoint,
    int auditRetentionDays,
    Command command) {

  static final String USAGE =
      """
      usage: java -jar scim-admin.jar --table NAME [--region R] [--dynamodb-endpoint URL] \
      [--audit-retention-days N] COMMAND

      commands:
        tenant create ID [--name NAME] [--usage-plan ID]   create an organization (and its API key
                                                          in the usage plan of the stack)
        tenant list                                       organizations and their status
        tenant disable ID                                 every token of ID stops working
        tenant enable ID
        tenant attach ID --usage-plan ID                  put ID's API key in the usage plan
        token create --tenant ID                          issue a token (printed once)
        token list --tenant ID                            token ids, created, last used, revoked
        token revoke --tenant ID TOKEN_ID
        audit --tenant ID [--since 24h|7d|ISO-8601] [--resource ID] [--limit N]
        webhook add --tenant ID --url URL [--types user.created,group.member_added]
                                                          subscribe (the secret is printed once)
        webhook list --tenant ID                          subscriptions (never their secrets)
        webhook remove --tenant ID --id WEBHOOK_ID        nothing more is delivered to it
        webhook deliveries --tenant ID [--limit N]        recent attempts, newest first
        webhook dead-letters --tenant ID                  deliveries given up, with last status
        webhook replay --tenant ID --id DEAD_LETTER_ID    send it again (same webhook-id, body)
        check --tenant ID [--repair]                      fsck of the tenant's items (exit 1 on
                                                          any violation left); --repair mends
                                                          what is safe and says what it did

      Rotation: token create, switch the IdP to the new token, token revoke the old one.
      A revoked token or a disabled tenant stops working within the authorizer cache TTL.""";

  /** Default of {@code --since}: the last 7 days. */
  static final Duration DEFAULT_SINCE = Duration.ofDays(7);

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;
  static final int DEFAULT_RETENTION_DAYS = 365;

  private static final Set<String> GLOBAL =
      Set.of("--table", "--region", "--dynamodb-endpoint", "--audit-retention-days");
  private static final Set<String> COMMAND_OPTIONS =
      Set.of(
          "--name",
          "--usage-plan",
          "--tenant",
          "--since",
          "--resource",
          "--limit",
          "--url",
          "--types",
          "--id");
  private static final Pattern RELATIVE = Pattern.compile("(\\d+)([smhdw])");

  /** A command line that cannot be run; the message says why (and {@link #USAGE} for help). */
  static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses a command line.
   *
   * @param args the arguments
   * @param now the time {@code --since 24h} counts back from
   */
  static AdminArgs parse(List<String> args, Instant now) {
    Map<String, String> options = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-h") || a.equals("--help")) {
        throw new UsageException(USAGE);
      }
      if (a.equals("--repair")) {
        if (options.put(a, "true") != null) {
          throw new UsageException(a + " given twice");
        }
        continue;
      }
      if (a.startsWith("--")) {
        if (!GLOBAL.contains(a) && !COMMAND_OPTIONS.contains(a)) {
          throw new UsageException("unknown option " + a);
        }
        if (i + 1 >= args.size()) {
          throw new UsageException(a + " needs a value");
        }
        if (options.put(a, args.get(++i)) != null) {
          throw new UsageException(a + " given twice");
        }
      } else {
        positional.add(a);
      }
    }
    String table = options.get("--table");
    if (table == null || table.isBlank()) {
      throw new UsageException("--table is required (the stack output TableName)");
    }
    int retention =
        options.containsKey("--audit-retention-days")
            ? positive(options.get("--audit-retention-days"), "--audit-retention-days")
            : DEFAULT_RETENTION_DAYS;
    Command command = command(positional, options, now);
    return new AdminArgs(
        table,
        Optional.ofNullable(options.get("--region")),
        Optional.ofNullable(options.get("--dynamodb-endpoint")),
        retention,
        command);
  }

  private static Command command(List<String> p, Map<String, String> o, Instant now) {
    if (p.isEmpty()) {
      throw new UsageException("no command given");
    }
    String group = p.get(0);
    String verb = p.size() > 1 ? p.get(1) : "";
    return switch (group) {
      case "tenant" ->
          switch (verb) {
            case "create" -> {
              allow(o, "--name", "--usage-plan");
              yield new Command.TenantCreate(
                  arg(p, 2, "tenant create ID"),
                  Optional.ofNullable(o.get("--name")),
                  Optional.ofNullable(o.get("--usage-plan")));
            }
            case "list" -> {
              allow(o);
              args(p, 2, "tenant list");
              yield new Command.TenantList();
            }
            case "disable" -> {
              allow(o);
              yield new Command.TenantDisable(arg(p, 2, "tenant disable ID"));
            }
            case "enable" -> {
              allow(o);
              yield new Command.TenantEnable(arg(p, 2, "tenant enable ID"));
            }
            case "attach" -> {
              allow(o, "--usage-plan");
              yield new Command.TenantAttach(
                  arg(p, 2, "tenant attach ID --usage-plan ID"),
                  required(o, "--usage-plan", "tenant attach"));
            }
            default ->
                throw new UsageException(
                    "tenant takes create, list, disable, enable or attach; got '" + verb + "'");
          };
      case "token" ->
          switch (verb) {
            case "create" -> {
              allow(o, "--tenant");
              args(p, 2, "token create --tenant ID");
              yield new Command.TokenCreate(required(o, "--tenant", "token create"));
            }
            case "list" -> {
              allow(o, "--tenant");
              args(p, 2, "token list --tenant ID");
              yield new Command.TokenList(required(o, "--tenant", "token list"));
            }
            case "revoke" -> {
              allow(o, "--tenant");
              yield new Command.TokenRevoke(
                  required(o, "--tenant", "token revoke"),
                  arg(p, 2, "token revoke --tenant ID TOKEN_ID"));
            }
            default ->
                throw new UsageException("token takes create, list or revoke; got '" + verb + "'");
          };
      case "audit" -> {
        allow(o, "--tenant", "--since", "--resource", "--limit");
        args(p, 1, "audit --tenant ID");
        yield new Command.AuditQuery(
            required(o, "--tenant", "audit"),
            o.containsKey("--since") ? since(o.get("--since"), now) : now.minus(DEFAULT_SINCE),
            Optional.ofNullable(o.get("--resource")),
            o.containsKey("--limit") ? limit(o.get("--limit")) : DEFAULT_LIMIT);
      }
      case "webhook" -> webhook(verb, p, o);
      case "check" -> {
        allow(o, "--tenant", "--repair");
        args(p, 1, "check --tenant ID [--repair]");
        yield new Command.Check(required(o, "--tenant", "check"), o.containsKey("--repair"));
      }
      default -> throw new UsageException("unknown command '" + group + "'");
    };
  }

  private static Command webhook(String verb, List<String> p, Map<String, String> o) {
    return switch (verb) {
      case "add" -> {
        allow(o, "--tenant", "--url", "--types");
        args(p, 2, "webhook add --tenant ID --url URL [--types a,b]");
        List<String> types =
            o.containsKey("--types")
                ? java.util.Arrays.stream(o.get("--types").split(","))
                    .map(String::trim)
                    .filter(t -> !t.isEmpty())
                    .toList()
                : List.of();
        yield new Command.WebhookAdd(
            required(o, "--tenant", "webhook add"), required(o, "--url", "webhook add"), types);
      }
      case "list" -> {
        allow(o, "--tenant");
        args(p, 2, "webhook list --tenant ID");
        yield new Command.WebhookList(required(o, "--tenant", "webhook list"));
      }
      case "remove" -> {
        allow(o, "--tenant", "--id");
        args(p, 2, "webhook remove --tenant ID --id WEBHOOK_ID");
        yield new Command.WebhookRemove(
            required(o, "--tenant", "webhook remove"), required(o, "--id", "webhook remove"));
      }
      case "deliveries" -> {
        allow(o, "--tenant", "--limit");
        args(p, 2, "webhook deliveries --tenant ID [--limit N]");
        yield new Command.WebhookDeliveries(
            required(o, "--tenant", "webhook deliveries"),
            o.containsKey("--limit") ? positive(o.get("--limit"), "--limit") : 50);
      }
      case "dead-letters" -> {
        allow(o, "--tenant");
        args(p, 2, "webhook dead-letters --tenant ID");
        yield new Command.WebhookDeadLetters(required(o, "--tenant", "webhook dead-letters"));
      }
      case "replay" -> {
        allow(o, "--tenant", "--id");
        args(p, 2, "webhook replay --tenant ID --id DEAD_LETTER_ID");
        yield new Command.WebhookReplay(
            required(o, "--tenant", "webhook replay"), required(o, "--id", "webhook replay"));
      }
      default ->
          throw new UsageException(
              "webhook takes add, list, remove, deliveries, dead-letters or replay; got '"
                  + verb
                  + "'");
    };
  }

  /**
   * {@code --since}: a time back from now ({@code 90s}, {@code 30m}, {@code 24h}, {@code 7d},
   * {@code 2w}, or ISO-8601 {@code PT24H}, {@code P7D}), an instant ({@code 2025-01-31T12:00:00Z},
   * any offset) or a date ({@code 2025-01-31}, midnight UTC).
   */
  static Instant since(String value, Instant now) {
    String v = value.trim();
    Matcher m = RELATIVE.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration unit =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            default -> Duration.ofDays(7);
          };
      return now.minus(unit.multipliedBy(n));
    }
    try {
      if (v.startsWith("P") || v.startsWith("p")) {
        return now.minus(Duration.parse(v));
      }
      if (v.contains("T") || v.contains("t")) {
        return OffsetDateTime.parse(v).toInstant();
      }
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--since takes 24h, 7d, PT24H, 2025-01-31T12:00:00Z or 2025-01-31; got " + value);
    }
  }

  private static int limit(String value) {
    int n = positive(value, "--limit");
    if (n > MAX_LIMIT) {
      throw new UsageException("--limit is at most " + MAX_LIMIT);
    }
    return n;
  }

  private static int positive(String value, String option) {
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw new UsageException(option + " must be at least 1");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " takes a number, got " + value);
    }
  }

  private static void allow(Map<String, String> options, String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (String o : options.keySet()) {
      if (!GLOBAL.contains(o) && !ok.contains(o)) {
        throw new UsageException(o + " does not apply to this command");
      }
    }
  }

  private static String required(Map<String, String> options, String option, String command) {
    String v = options.get(option);
    if (v == null || v.isBlank()) {
      throw new UsageException(command + " needs " + option);
    }
    return v;
  }

  /** The single argument at {@code index}, which must be the last one. */
  private static String arg(List<String> p, int index, String form) {
    if (p.size() != index + 1) {
      throw new UsageException("usage: " + form);
    }
    return p.get(index);
  }

  /** Exactly {@code count} positional words. */
  private static void args(List<String> p, int count, String form) {
    if (p.size() != count) {
      throw new UsageException("usage: " + form);
    }
  }
}
