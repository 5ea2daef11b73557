package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ResourceEndpoint;
import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.schema.DeclaredExtension;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbAuditLog;
import dev.scimserverless.store.dynamodb.DynamoDbClients;
import dev.scimserverless.store.dynamodb.DynamoDbConsoleSessions;
import dev.scimserverless.store.dynamodb.DynamoDbProvisioningLog;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.DynamoDbWebhookDeliveries;
import dev.scimserverless.store.dynamodb.DynamoDbWebhookSubscriptions;
import dev.scimserverless.store.memory.InMemoryStore;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * What a function instance builds once, outside the handler method: the DynamoDB store of the table
 * named by {@code TABLE_NAME} (and {@code DYNAMODB_ENDPOINT} for local emulators), on a client that
 * counts its calls (for the request log), and the audit trail in the same table, kept for {@code
 * AUDIT_RETENTION_DAYS} (default {@value #DEFAULT_AUDIT_RETENTION_DAYS}), and the provisioning log
 * in the same table. Built lazily on first use by the default constructors, so tests and the local
 * endpoint that pass their own store never touch AWS.
 */
public final class FunctionEnvironment {
  /** Audit retention when {@code AUDIT_RETENTION_DAYS} is not set. */
  public static final int DEFAULT_AUDIT_RETENTION_DAYS = 365;

  private FunctionEnvironment() {}

  /**
   * {@code -Dscim.coldstart.parallelInit=true} turns on {@link #warmCoreInBackground}: off by
   * default, since on two shared cores it saved nothing and slowed the first requests after init
   * (docs/performance.md, "Cold start levers"); kept to measure it where init has more CPU.
   */
  public static final String PARALLEL_INIT_PROPERTY = "scim.coldstart.parallelInit";

  private static final class Holder {
    static {
      warmCoreInBackground();
    }

    static final CountingDynamoDbClient CLIENT = client();
    static final String TABLE = System.getenv("TABLE_NAME");
    static final DynamoDbStore STORE =
        new DynamoDbStore(CLIENT, TABLE)
            .withRetention(Duration.ofDays(auditRetentionDays(System.getenv())))
            .withGroupCascades(groupCascades(System.getenv()));
    static final DynamoDbAuditLog AUDIT =
        new DynamoDbAuditLog(CLIENT, TABLE, Duration.ofDays(auditRetentionDays(System.getenv())));
    static final DynamoDbProvisioningLog PROVISIONING = new DynamoDbProvisioningLog(CLIENT, TABLE);
    static final DynamoDbConsoleSessions CONSOLE_SESSIONS =
        new DynamoDbConsoleSessions(CLIENT, TABLE);
    static final FunctionSupport SUPPORT =
        FunctionSupport.of(AUDIT, CLIENT::totalCalls)
            .withProvisioning(ProvisioningRecorder.direct(PROVISIONING));

    private static CountingDynamoDbClient client() {
      String table = System.getenv("TABLE_NAME");
      if (table == null || table.isBlank()) {
        throw new IllegalStateException("TABLE_NAME is not set");
      }
      String endpoint = System.getenv("DYNAMODB_ENDPOINT");
      String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
      return new CountingDynamoDbClient(
          DynamoDbClients.clientFor(
              endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
              Region.of(region)));
    }
  }

  private static final class Schemas {
    static final SchemaRegistry REGISTRY =
        SchemaRegistry.standard()
            .withExtensions(
                DeclaredExtension.readClasspath(FunctionEnvironment.class.getClassLoader()));
  }

  /**
   * The standard schemas with the operator's extensions packaged with the functions: the files
   * listed in {@code schema-extensions/index.txt} on the classpath (the folder {@code
   * functions/handlers/src/main/resources/schema-extensions/}; docs/schema-extensions.md). A bad
   * file fails the function's initialisation with a message naming the file and field.
   */
  public static SchemaRegistry schemas() {
    return Schemas.REGISTRY;
  }

  /**
   * While this thread builds the DynamoDB client (TLS, HTTP client, SDK: most of init), a second
   * one loads the SCIM core the handler builds next and its first request runs: the schema
   * registry, Jackson, a user created, read and listed on a throwaway in-memory store (no log, no
   * audit, nothing outside this JVM). Class initialization is thread-safe: the handler finds the
   * classes loaded, or waits for the one being loaded. Failures are ignored (it only warms).
   */
  static void warmCoreInBackground() {
    if (!Boolean.parseBoolean(System.getProperty(PARALLEL_INIT_PROPERTY, "false"))) {
      return;
    }
    Thread warm = new Thread(() -> warmCore(), "scim-init-warm");
    warm.setDaemon(true);
    warm.start();
  }

  /** The warm-up's work; true when its create (201) and its lookup (200) were answered. */
  static boolean warmCore() {
    try {
      ResourceEndpoint users = ScimApi.usersEndpoint(new InMemoryStore());
      Map<String, String> headers = Map.of("Content-Type", "application/scim+json");
      String base = "https://warm.invalid" + ApiGatewayAdapter.BASE_PATH;
      int created =
          users
              .handle(
                  new ScimRequest(
                      "POST",
                      "/Users",
                      Map.of(),
                      headers,
                      "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                          + "\"userName\":\"warm@example.com\",\"name\":{\"givenName\":\"W\"},"
                          + "\"emails\":[{\"value\":\"warm@example.com\",\"primary\":true}]}",
                      "__warm__",
                      "warm",
                      base))
              .status();
      int found =
          users
              .handle(
                  new ScimRequest(
                      "GET",
                      "/Users",
                      Map.of("filter", "userName eq \"warm@example.com\""),
                      headers,
                      null,
                      "__warm__",
                      "warm",
                      base))
              .status();
      return created == 201 && found == 200;
    } catch (RuntimeException | LinkageError ignored) {
      // warming only: the handler builds and loads the same itself
      return false;
    }
  }

  public static DynamoDbStore store() {
    return Holder.STORE;
  }

  /** The audit trail of the environment's table. */
  public static DynamoDbAuditLog auditLog() {
    return Holder.AUDIT;
  }

  /** The provisioning log of the environment's table. */
  public static DynamoDbProvisioningLog provisioningLog() {
    return Holder.PROVISIONING;
  }

  /** The webhook subscriptions of the environment's table. */
  public static DynamoDbWebhookSubscriptions webhookSubscriptions() {
    return new DynamoDbWebhookSubscriptions(Holder.CLIENT, Holder.TABLE);
  }

  /** The webhook attempts and dead letters of the environment's table. */
  public static DynamoDbWebhookDeliveries webhookDeliveries() {
    return new DynamoDbWebhookDeliveries(Holder.CLIENT, Holder.TABLE);
  }

  /** The admin console's sessions in the environment's table. */
  public static DynamoDbConsoleSessions consoleSessions() {
    return Holder.CONSOLE_SESSIONS;
  }

  /** The audit trail, provisioning log and call counts of the environment's table. */
  public static FunctionSupport support() {
    return Holder.SUPPORT;
  }

  /**
   * {@code GROUP_CASCADE=stream} (template.yaml): a deleted group's memberships are left to the
   * GroupCascade function on the table's stream, so a DELETE answers at once at any size; else
   * (local runs of the functions) the cascade runs before the DELETE answers.
   */
  static java.util.concurrent.Executor groupCascades(Map<String, String> env) {
    return "stream".equals(env.get("GROUP_CASCADE"))
        ? DynamoDbStore.CASCADE_FROM_STREAM
        : DynamoDbStore.CASCADE_INLINE;
  }

  /** {@code AUDIT_RETENTION_DAYS} of the environment, a positive number of days. */
  static int auditRetentionDays(Map<String, String> env) {
    String days = env.get("AUDIT_RETENTION_DAYS");
    if (days == null || days.isBlank()) {
      return DEFAULT_AUDIT_RETENTION_DAYS;
    }
    int n = Integer.parseInt(days.trim());
    if (n < 1) {
      throw new IllegalStateException("AUDIT_RETENTION_DAYS must be at least 1, is " + n);
    }
    return n;
  }
}
