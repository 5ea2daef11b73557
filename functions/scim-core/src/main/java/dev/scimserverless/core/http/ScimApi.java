package dev.scimserverless.core.http;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.ResourceService;
import dev.scimserverless.core.service.ServiceProviderConfig;
import dev.scimserverless.core.store.ResourceStore;
import java.time.Clock;

/**
 * Composition root of the core: builds each endpoint on a store. No DI container: plain
 * constructors, run once per function instance (outside the handler method).
 */
public final class ScimApi {
  private ScimApi() {}

  /** {@code /Users} or {@code /Groups}. */
  public static ResourceEndpoint resourceEndpoint(ResourceType type, ResourceStore store) {
    SchemaRegistry registry = SchemaRegistry.standard();
    return new ResourceEndpoint(
        new ResourceService(type, store, registry, Clock.systemUTC()), registry);
  }

  /** {@code /ServiceProviderConfig}, {@code /ResourceTypes}, {@code /Schemas}. */
  public static DiscoveryEndpoint discoveryEndpoint() {
    return new DiscoveryEndpoint(SchemaRegistry.standard(), ServiceProviderConfig.STANDARD);
  }
}
