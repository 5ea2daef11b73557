package dev.scimserverless.admin;

import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.store.dynamodb.DynamoDbAuditLog;
import dev.scimserverless.store.dynamodb.DynamoDbClients;
import dev.scimserverless.store.dynamodb.DynamoDbProvisioningLog;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.DynamoDbTables;
import dev.scimserverless.store.dynamodb.DynamoDbWebhookDeliveries;
import dev.scimserverless.store.dynamodb.DynamoDbWebhookSubscriptions;
import dev.scimserverless.store.dynamodb.TableCheck;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The admin command line against the deployed table (or a local DynamoDB-compatible endpoint):
 * parses, connects, runs one command, and says what went wrong in one line. Exit status 0 done, 1
 * failed, 2 usage error.
 */
final class AdminCli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private AdminCli() {}

  /** Runs with the real API Gateway client for usage plans. */
  static int run(List<String> args, PrintStream out, PrintStream err, String user) {
    return run(args, out, err, user, ApiGatewayUsagePlans::create);
  }

  /**
   * Runs one command line.
   *
   * @param user the OS user, recorded as the actor {@code admin:<user>} of the changes
   * @param usagePlans makes the usage-plan client for a region, only when a command needs it
   */
  static int run(
      List<String> args,
      PrintStream out,
      PrintStream err,
      String user,
      Function<Optional<String>, UsagePlans> usagePlans) {
    Clock clock = Clock.systemUTC();
    AdminArgs parsed;
    try {
      parsed = AdminArgs.parse(args, clock.instant());
    } catch (AdminArgs.UsageException e) {
      if (e.getMessage().equals(AdminArgs.USAGE)) {
        out.println(AdminArgs.USAGE);
        return OK;
      }
      err.println(e.getMessage());
      err.println("(--help for usage)");
      return USAGE;
    }
    try (DynamoDbClient client = client(parsed)) {
      if (parsed.dynamodbEndpoint().isPresent()) {
        DynamoDbTables.createIfMissing(client, parsed.table());
      }
      Admin admin =
          new Admin(
              new DynamoDbStore(client, parsed.table()),
              new DynamoDbAuditLog(
                  client, parsed.table(), Duration.ofDays(parsed.auditRetentionDays())),
              new DynamoDbProvisioningLog(client, parsed.table()),
              new DynamoDbWebhookSubscriptions(client, parsed.table()),
              new DynamoDbWebhookDeliveries(client, parsed.table()),
              () -> usagePlans.apply(parsed.region()),
              () -> new TableCheck(client, parsed.table()),
              "admin:" + (user == null || user.isBlank() ? "unknown" : user),
              "admin-" + UUID.randomUUID(),
              clock,
              out,
              err);
      admin.run(parsed.command());
      return OK;
    } catch (Admin.AdminException e) {
      err.println("error: " + e.getMessage());
      return FAILED;
    } catch (StoreException.Unavailable e) {
      err.println("error: DynamoDB is unavailable or throttling, retry: " + e.getMessage());
      return FAILED;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return USAGE;
    } catch (SdkException | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return FAILED;
    }
  }

  private static DynamoDbClient client(AdminArgs args) {
    return DynamoDbClients.clientFor(
        args.dynamodbEndpoint().map(URI::create).orElse(null),
        args.region().map(Region::of).orElse(null));
  }
}
