package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.ConsoleSessions;
import dev.scimserverless.store.ConsoleSessionsContract;

class InMemoryConsoleSessionsTest extends ConsoleSessionsContract {
  @Override
  protected ConsoleSessions newSessions() {
    return new InMemoryConsoleSessions();
  }
}
