package dev.scimserverless.handlers;

import dev.scimserverless.core.schema.DeclaredExtension;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbAuditLog;
import dev.scimserverless.store.dynamodb.DynamoDbProvisioningLog;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
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

  private static final class Holder {
    static final CountingDynamoDbClient CLIENT = client();
    static final String TABLE = System.getenv("TABLE_NAME");
    static final DynamoDbStore STORE =
        new DynamoDbStore(CLIENT, TABLE)
            .withRetention(Duration.ofDays(auditRetentionDays(System.getenv())));
    static final DynamoDbAuditLog AUDIT =
        new DynamoDbAuditLog(CLIENT, TABLE, Duration.ofDays(auditRetentionDays(System.getenv())));
    static final DynamoDbProvisioningLog PROVISIONING = new DynamoDbProvisioningLog(CLIENT, TABLE);
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
          DynamoDbStore.clientFor(
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

  /** The audit trail, provisioning log and call counts of the environment's table. */
  public static FunctionSupport support() {
    return Holder.SUPPORT;
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
