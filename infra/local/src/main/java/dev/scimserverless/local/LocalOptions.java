package dev.scimserverless.local;

import dev.scimserverless.core.schema.DeclaredExtension;
import dev.scimserverless.core.schema.SchemaRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command line of the local endpoint: {@code [--port 8080] [--tenant ORG=TOKEN ...]
 * [--dynamodb-endpoint URL --table NAME] [--rate-limit N] [--admin-token TOKEN] [--webhook URL
 * [--webhook-secret whsec_...]] [--schema-extension FILE ...]}.
 *
 * @param port the port, 0 for any free one
 * @param tenants organization id to fixed token
 * @param dynamodbEndpoint a DynamoDB-compatible endpoint, else the in-memory store
 * @param table the table on that endpoint
 * @param rateLimit requests per second per tenant (and burst), 0 for no limit
 * @param adminToken the bearer token of the Admin API on {@code /admin/v1}; generated when absent
 * @param webhook where every tenant's provisioning events are delivered (docs/events.md)
 * @param webhookSecret the Standard Webhooks secret of the deliveries; generated when absent
 * @param schemaExtensions extension schema files (docs/schema-extensions.md), in order
 */
public record LocalOptions(
    int port,
    Map<String, String> tenants,
    Optional<String> dynamodbEndpoint,
    String table,
    int rateLimit,
    Optional<String> adminToken,
    Optional<String> webhook,
    Optional<String> webhookSecret,
    List<Path> schemaExtensions) {

  public LocalOptions {
    schemaExtensions = List.copyOf(schemaExtensions);
  }

  /** The standard schemas with the {@code --schema-extension} files; a bad file is refused. */
  public SchemaRegistry schemas() {
    List<DeclaredExtension> extensions = new ArrayList<>();
    for (Path file : schemaExtensions) {
      extensions.add(DeclaredExtension.readFile(file));
    }
    return SchemaRegistry.standard().withExtensions(extensions);
  }

  public static final String USAGE =
      "usage: java -jar scim-local.jar [--port 8080] [--tenant ORG=TOKEN ...]"
          + " [--dynamodb-endpoint URL --table NAME] [--rate-limit N] [--admin-token TOKEN]"
          + " [--webhook URL [--webhook-secret whsec_...]] [--schema-extension FILE ...]";

  public static LocalOptions parse(List<String> args) {
    int port = 8080;
    Map<String, String> tenants = new LinkedHashMap<>();
    String endpoint = null;
    String table = "scim";
    int rateLimit = 0;
    List<Path> extensions = new ArrayList<>();
    String adminToken = null;
    String webhook = null;
    String webhookSecret = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--port" -> port = integer(value(args, ++i, a), a);
        case "--tenant" -> {
          String t = value(args, ++i, a);
          int eq = t.indexOf('=');
          if (eq <= 0 || eq == t.length() - 1) {
            throw new IllegalArgumentException("--tenant takes ORG=TOKEN, got " + t);
          }
          tenants.put(t.substring(0, eq), t.substring(eq + 1));
        }
        case "--dynamodb-endpoint" -> endpoint = value(args, ++i, a);
        case "--table" -> table = value(args, ++i, a);
        case "--rate-limit" -> {
          rateLimit = integer(value(args, ++i, a), a);
          if (rateLimit < 1) {
            throw new IllegalArgumentException("--rate-limit takes requests per second >= 1");
          }
        }
        case "--schema-extension" -> extensions.add(Path.of(value(args, ++i, a)));
        case "--admin-token" -> {
          adminToken = value(args, ++i, a);
          if (adminToken.length() < 16 || adminToken.contains(" ")) {
            throw new IllegalArgumentException(
                "--admin-token takes a token of at least 16 characters, without spaces");
          }
        }
        case "--webhook" -> {
          webhook = value(args, ++i, a);
          try {
            java.net.URI url = java.net.URI.create(webhook);
            if (url.getHost() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
              throw new IllegalArgumentException("--webhook takes an http(s) URL, got " + webhook);
            }
          } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--webhook takes an http(s) URL, got " + webhook);
          }
        }
        case "--webhook-secret" -> {
          webhookSecret = value(args, ++i, a);
          dev.scimserverless.core.events.StandardWebhooks.checkSecret(webhookSecret);
        }
        case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (webhookSecret != null && webhook == null) {
      throw new IllegalArgumentException("--webhook-secret needs --webhook");
    }
    return new LocalOptions(
        port,
        tenants,
        Optional.ofNullable(endpoint),
        table,
        rateLimit,
        Optional.ofNullable(adminToken),
        Optional.ofNullable(webhook),
        Optional.ofNullable(webhookSecret),
        extensions);
  }

  private static int integer(String value, String option) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number, got " + value);
    }
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args.get(i);
  }
}
