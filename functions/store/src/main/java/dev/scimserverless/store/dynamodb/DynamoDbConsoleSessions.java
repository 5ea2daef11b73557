package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.ConsoleSessions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The console's sessions in the single table (docs/data-model.md): one item {@code
 * CONSOLE#SESSION#{hash}} per session with the actor, the CSRF token, the end and a {@code ttl}, so
 * that DynamoDB deletes it some time after it ended (reads check the end themselves). Reads are
 * strongly consistent: a sign-out on one Lambda instance ends the session on all of them at once.
 */
public final class DynamoDbConsoleSessions implements ConsoleSessions {
  private final DynamoDbClient client;
  private final String table;

  public DynamoDbConsoleSessions(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  @Override
  public void put(String idHash, Session session) {
    Map<String, AttributeValue> item =
        new HashMap<>(Keys.key(Keys.consoleSession(idHash), Keys.SINGLETON));
    item.put("actor", Keys.s(session.actor()));
    item.put("csrf", Keys.s(session.csrf()));
    item.put("expires", Keys.n(session.expires().getEpochSecond()));
    item.put("ttl", Keys.n(session.expires().getEpochSecond()));
    try {
      client.putItem(b -> b.tableName(table).item(item));
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }

  @Override
  public Optional<Session> find(String idHash) {
    Map<String, AttributeValue> item;
    try {
      item =
          client
              .getItem(
                  b ->
                      b.tableName(table)
                          .key(Keys.key(Keys.consoleSession(idHash), Keys.SINGLETON))
                          .consistentRead(true))
              .item();
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Session(
            item.get("actor").s(),
            item.get("csrf").s(),
            Instant.ofEpochSecond(Long.parseLong(item.get("expires").n()))));
  }

  @Override
  public void delete(String idHash) {
    try {
      client.deleteItem(
          b -> b.tableName(table).key(Keys.key(Keys.consoleSession(idHash), Keys.SINGLETON)));
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }
  }
}
