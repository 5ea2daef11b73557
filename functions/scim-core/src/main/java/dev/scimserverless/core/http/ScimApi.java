package dev.scimserverless.core.http;

import dev.scimserverless.core.filter.FilterEvaluator;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.GroupService;
import dev.scimserverless.core.service.ResourceService;
import dev.scimserverless.core.service.RootSearch;
import dev.scimserverless.core.service.ServiceProviderConfig;
import dev.scimserverless.core.service.UserService;
import dev.scimserverless.core.store.ScimStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Composition root of the core: builds each endpoint on a store. No DI container: plain
 * constructors, run once per function instance (outside the handler method).
 */
public final class ScimApi {
  private ScimApi() {}

  /** {@code /Users}, and {@code POST /.search} (all types), which the Users function serves. */
  public static ResourceEndpoint usersEndpoint(ScimStore store) {
    return usersEndpoint(store, SchemaRegistry.standard());
  }

  /** The same with other schemas (operator-declared extensions). */
  public static ResourceEndpoint usersEndpoint(ScimStore store, SchemaRegistry registry) {
    return new ResourceEndpoint(
        userService(store, registry), registry, Optional.of(rootSearchEndpoint(store, registry)));
  }

  /** {@code /Groups}. */
  public static ResourceEndpoint groupsEndpoint(ScimStore store) {
    return groupsEndpoint(store, SchemaRegistry.standard());
  }

  /** The same with other schemas (operator-declared extensions). */
  public static ResourceEndpoint groupsEndpoint(ScimStore store, SchemaRegistry registry) {
    return new ResourceEndpoint(groupService(store, registry), registry);
  }

  /** {@code POST /.search}: Users and Groups. */
  public static RootSearchEndpoint rootSearchEndpoint(ScimStore store) {
    return rootSearchEndpoint(store, SchemaRegistry.standard());
  }

  /** The same with other schemas (operator-declared extensions). */
  public static RootSearchEndpoint rootSearchEndpoint(ScimStore store, SchemaRegistry registry) {
    return new RootSearchEndpoint(
        new RootSearch(
            List.of(userService(store, registry), groupService(store, registry)), registry),
        registry);
  }

  private static UserService userService(ScimStore store, SchemaRegistry registry) {
    ResourceService resources = new ResourceService(ResourceType.USER, registry, Clock.systemUTC());
    return new UserService(resources, store);
  }

  private static GroupService groupService(ScimStore store, SchemaRegistry registry) {
    ResourceService resources =
        new ResourceService(
            ResourceType.GROUP, registry, Clock.systemUTC(), GroupService.queryExtensions());
    FilterEvaluator memberFilters =
        new FilterEvaluator(
            path ->
                registry
                    .resolver(ResourceType.GROUP)
                    .resolve(
                        new dev.scimserverless.core.filter.AttributePath(
                            null, "members", path.attribute())));
    return new GroupService(resources, store, memberFilters);
  }

  /** {@code /ServiceProviderConfig}, {@code /ResourceTypes}, {@code /Schemas}. */
  public static DiscoveryEndpoint discoveryEndpoint() {
    return discoveryEndpoint(SchemaRegistry.standard());
  }

  /** The same with other schemas (operator-declared extensions). */
  public static DiscoveryEndpoint discoveryEndpoint(SchemaRegistry registry) {
    return new DiscoveryEndpoint(registry, ServiceProviderConfig.STANDARD);
  }
}
