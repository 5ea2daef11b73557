package dev.scimserverless.store.dynamodb;

import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Creates the store's table where it does not exist yet (local runs and tests; in AWS the
 * infrastructure template owns the table): on-demand billing, key {@code pk} (S, hash) / {@code sk}
 * (S, range), no secondary index.
 */
public final class DynamoDbTables {
  private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);
  private static final long POLL_MILLIS = 250;

  private DynamoDbTables() {}

  /**
   * Creates the table if it is missing and waits until it is active.
   *
   * @return true if this call created it
   */
  public static boolean createIfMissing(DynamoDbClient client, String table) {
    boolean created = false;
    if (status(client, table) == null) {
      try {
        client.createTable(definition(table));
        created = true;
      } catch (ResourceInUseException e) {
        // created concurrently by someone else: wait for it below
      }
    }
    awaitActive(client, table);
    return created;
  }

  /** The table definition: keys pk/sk, on-demand. */
  static CreateTableRequest definition(String table) {
    return CreateTableRequest.builder()
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            AttributeDefinition.builder()
                .attributeName(Keys.PK)
                .attributeType(ScalarAttributeType.S)
                .build(),
            AttributeDefinition.builder()
                .attributeName(Keys.SK)
                .attributeType(ScalarAttributeType.S)
                .build())
        .keySchema(
            KeySchemaElement.builder().attributeName(Keys.PK).keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName(Keys.SK).keyType(KeyType.RANGE).build())
        .build();
  }

  private static TableStatus status(DynamoDbClient client, String table) {
    try {
      return client.describeTable(b -> b.tableName(table)).table().tableStatus();
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  private static void awaitActive(DynamoDbClient client, String table) {
    long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
    while (status(client, table) != TableStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("table " + table + " not active after " + ACTIVE_TIMEOUT);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for table " + table, e);
      }
    }
  }
}
