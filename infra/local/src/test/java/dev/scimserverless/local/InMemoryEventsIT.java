package dev.scimserverless.local;

import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.store.memory.InMemoryStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Provisioning events on the in-memory store. */
class InMemoryEventsIT extends EventsContract {
  private InMemoryStore store;
  private LocalEndpoint.Settings settings;

  @Override
  protected LocalEndpoint startEndpoint(Map<String, String> tenants) throws IOException {
    store = new InMemoryStore();
    settings = LocalEndpoint.Settings.defaults();
    return LocalEndpoint.start(0, store, tenants, settings);
  }

  @Override
  protected ChangeOutbox outbox() {
    return store;
  }

  @Override
  protected TenantDirectory directory() {
    return store;
  }

  @Override
  protected LocalEndpoint.Settings settings() {
    return settings;
  }

  @Override
  protected Duration lookback() {
    return Duration.ZERO;
  }
}
