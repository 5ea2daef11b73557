package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.ConsoleSessions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The console's sessions in this JVM's memory (the local endpoint, tests). */
public final class InMemoryConsoleSessions implements ConsoleSessions {
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  @Override
  public void put(String idHash, Session session) {
    sessions.put(idHash, session);
  }

  @Override
  public Optional<Session> find(String idHash) {
    return Optional.ofNullable(sessions.get(idHash));
  }

  @Override
  public void delete(String idHash) {
    sessions.remove(idHash);
  }
}
