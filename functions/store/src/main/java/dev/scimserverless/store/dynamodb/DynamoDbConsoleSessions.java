package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.ConsoleSessions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The console's sessions in the single table (docs/data-model.md): one item {@code
 * CONSOLE#SESSION#{hash}} per session with the actor, the CSRF token, the end and a {@code ttl}, so
 * that DynamoDB deletes it some time after it ended (reads check the end themselves). Reads are
 * strongly consistent: a sign-out on one Lambda instance ends the session on all of them at once.
 */
public final class DynamoDbConsoleSessions implements ConsoleSessions {
  private final TableItems items;

  public DynamoDbConsoleSessions(DynamoDbClient client, String table) {
    this.items = new TableItems(client, table);
  }

  @Override
  public void put(String idHash, Session session) {
    Map<String, AttributeValue> item =
        new HashMap<>(Keys.key(Keys.consoleSession(idHash), Keys.SINGLETON));
    item.put("actor", Keys.s(session.actor()));
    item.put("csrf", Keys.s(session.csrf()));
    item.put("expires", Keys.n(session.expires().getEpochSecond()));
    item.put("ttl", Keys.n(session.expires().getEpochSecond()));
    items.put(item);
  }

  @Override
  public Optional<Session> find(String idHash) {
    return items
        .get(Keys.key(Keys.consoleSession(idHash), Keys.SINGLETON))
        .map(
            item ->
                new Session(
                    item.get("actor").s(),
                    item.get("csrf").s(),
                    Instant.ofEpochSecond(Long.parseLong(item.get("expires").n()))));
  }

  @Override
  public void delete(String idHash) {
    items.delete(Keys.key(Keys.consoleSession(idHash), Keys.SINGLETON));
  }
}
