package dev.scimserverless.core.http;

import dev.scimserverless.core.filter.FilterEvaluator;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.GroupService;
import dev.scimserverless.core.service.ResourceService;
import dev.scimserverless.core.service.ServiceProviderConfig;
import dev.scimserverless.core.service.UserService;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourceStore;
import java.time.Clock;

/**
 * Composition root of the core: builds each endpoint on a store. No DI container: plain
 * constructors, run once per function instance (outside the handler method).
 */
public final class ScimApi {
  private ScimApi() {}

  /** {@code /Users}. */
  public static <S extends ResourceStore & MembershipStore> ResourceEndpoint usersEndpoint(
      S store) {
    SchemaRegistry registry = SchemaRegistry.standard();
    ResourceService resources =
        new ResourceService(ResourceType.USER, store, registry, Clock.systemUTC());
    return new ResourceEndpoint(new UserService(resources, store), registry);
  }

  /** {@code /Groups}. */
  public static <S extends ResourceStore & MembershipStore> ResourceEndpoint groupsEndpoint(
      S store) {
    SchemaRegistry registry = SchemaRegistry.standard();
    ResourceService resources =
        new ResourceService(
            ResourceType.GROUP,
            store,
            registry,
            Clock.systemUTC(),
            GroupService.queryExtensions(store));
    FilterEvaluator memberFilters =
        new FilterEvaluator(
            path ->
                registry
                    .resolver(ResourceType.GROUP)
                    .resolve(
                        new dev.scimserverless.core.filter.AttributePath(
                            null, "members", path.attribute())));
    return new ResourceEndpoint(new GroupService(resources, store, memberFilters), registry);
  }

  /** {@code /ServiceProviderConfig}, {@code /ResourceTypes}, {@code /Schemas}. */
  public static DiscoveryEndpoint discoveryEndpoint() {
    return new DiscoveryEndpoint(SchemaRegistry.standard(), ServiceProviderConfig.STANDARD);
  }
}
