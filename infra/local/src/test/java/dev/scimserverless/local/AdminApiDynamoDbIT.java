package dev.scimserverless.local;

import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbAuditLog;
import dev.scimserverless.store.dynamodb.DynamoDbProvisioningLog;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import java.time.Duration;
import java.util.Map;

/** The Admin API on the local endpoint with the DynamoDB adapter on Dynoxide. */
class AdminApiDynamoDbIT extends AdminApiContract {
  @Override
  LocalEndpoint start() throws Exception {
    Dynoxide dynoxide = Dynoxide.shared();
    String table = dynoxide.freshTable();
    CountingDynamoDbClient client = new CountingDynamoDbClient(dynoxide.client());
    return LocalEndpoint.start(
        0,
        new DynamoDbStore(client, table),
        Map.of(),
        LocalEndpoint.Settings.defaults()
            .withAuditLog(new DynamoDbAuditLog(client, table, Duration.ofDays(30)))
            .withProvisioningLog(new DynamoDbProvisioningLog(client, table))
            .withDynamoDbCalls(client::totalCalls));
  }
}
