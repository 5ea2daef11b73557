package dev.scimserverless.handlers;

import dev.scimserverless.store.dynamodb.DynamoDbStore;
import java.net.URI;
import software.amazon.awssdk.regions.Region;

/**
 * What a function instance builds once, outside the handler method: the DynamoDB store of the
 * table named by {@code TABLE_NAME} (and {@code DYNAMODB_ENDPOINT} for local emulators). Built
 * lazily on first use by the default constructors, so tests and the local endpoint that pass their
 * own store never touch AWS.
 */
public final class FunctionEnvironment {
  private FunctionEnvironment() {}

  private static final class Holder {
    static final DynamoDbStore STORE = create();

    private static DynamoDbStore create() {
      String table = System.getenv("TABLE_NAME");
      if (table == null || table.isBlank()) {
        throw new IllegalStateException("TABLE_NAME is not set");
      }
      String endpoint = System.getenv("DYNAMODB_ENDPOINT");
      String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
      return new DynamoDbStore(
          DynamoDbStore.clientFor(
              endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
              Region.of(region)),
          table);
    }
  }

  public static DynamoDbStore store() {
    return Holder.STORE;
  }
}
