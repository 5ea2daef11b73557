package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.ConsoleSessions;
import dev.scimserverless.store.ConsoleSessionsContract;

class DynamoDbConsoleSessionsIT extends ConsoleSessionsContract {
  @Override
  protected ConsoleSessions newSessions() {
    Dynoxide d = Dynoxide.shared();
    return new DynamoDbConsoleSessions(d.client(), d.freshTable());
  }
}
