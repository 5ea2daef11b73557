package dev.scimserverless.local;

import dev.scimserverless.store.memory.InMemoryStore;
import java.util.Map;

/** The Admin API on the local endpoint with the in-memory store. */
class AdminApiInMemoryIT extends AdminApiContract {
  @Override
  LocalEndpoint start() throws Exception {
    return LocalEndpoint.start(0, new InMemoryStore(), Map.of());
  }
}
