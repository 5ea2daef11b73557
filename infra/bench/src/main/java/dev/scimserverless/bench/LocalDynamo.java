package dev.scimserverless.bench;

import dev.scimserverless.store.dynamodb.Dynoxide;
import java.util.Map;

/**
 * Dynoxide for the benchmarks: the store's integration-test helper (which installs the npm package
 * under {@code <repo>/.dynoxide} when missing and stops the server at exit), with one fresh table.
 */
final class LocalDynamo {
  private LocalDynamo() {}

  /** A fresh table and the environment that makes {@code new UsersHandler()} use it. */
  static Map<String, String> functionEnvironment() {
    Dynoxide dynoxide = Dynoxide.shared();
    return Map.of(
        "TABLE_NAME", dynoxide.freshTable(),
        "DYNAMODB_ENDPOINT", dynoxide.endpoint().toString(),
        "AWS_REGION", "us-east-1");
  }
}
