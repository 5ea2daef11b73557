package dev.scimserverless.core.http;

import dev.scimserverless.core.filter.FilterEvaluator;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.GroupService;
import dev.scimserverless.core.service.PlainResourceService;
import dev.scimserverless.core.service.ResourceOperations;
import dev.scimserverless.core.service.ResourceService;
import dev.scimserverless.core.service.RootSearch;
import dev.scimserverless.core.service.ServiceProviderConfig;
import dev.scimserverless.core.service.UserService;
import dev.scimserverless.core.store.ScimStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Composition root of the core: builds each endpoint on a store. No DI container: plain
 * constructors, run once per function instance (outside the handler method).
 */
public final class ScimApi {
  private ScimApi() {}

  /**
   * The endpoint of any served resource type, as its descriptor says: its operations (User's and
   * Group's computed attributes, the generic ones for any other type), and {@code POST /.search}
   * when the descriptor's routes include it (User's).
   *
   * @throws IllegalStateException when the registry does not serve the type
   */
  public static ResourceEndpoint endpoint(
      ResourceType type, ScimStore store, SchemaRegistry registry) {
    boolean rootSearch = registry.resourceType(type).routes().contains(RootSearchEndpoint.PATH);
    return new ResourceEndpoint(
        operations(type, store, registry),
        registry,
        rootSearch ? Optional.of(rootSearchEndpoint(store, registry)) : Optional.empty());
  }

  /** {@code /Users}, and {@code POST /.search} (all types), which the Users function serves. */
  public static ResourceEndpoint usersEndpoint(ScimStore store) {
    return usersEndpoint(store, SchemaRegistry.standard());
  }

  /** The same with other schemas (operator-declared extensions). */
  public static ResourceEndpoint usersEndpoint(ScimStore store, SchemaRegistry registry) {
    return endpoint(ResourceType.USER, store, registry);
  }

  /** {@code /Groups}. */
  public static ResourceEndpoint groupsEndpoint(ScimStore store) {
    return groupsEndpoint(store, SchemaRegistry.standard());
  }

  /** The same with other schemas (operator-declared extensions). */
  public static ResourceEndpoint groupsEndpoint(ScimStore store, SchemaRegistry registry) {
    return endpoint(ResourceType.GROUP, store, registry);
  }

  /** {@code POST /.search}: every served type (Users, Groups, then any added). */
  public static RootSearchEndpoint rootSearchEndpoint(ScimStore store) {
    return rootSearchEndpoint(store, SchemaRegistry.standard());
  }

  /** The same with other schemas (operator-declared extensions). */
  public static RootSearchEndpoint rootSearchEndpoint(ScimStore store, SchemaRegistry registry) {
    List<ResourceOperations> types = new ArrayList<>();
    for (ResourceType type : registry.types()) {
      types.add(operations(type, store, registry));
    }
    return new RootSearchEndpoint(new RootSearch(types, registry), registry);
  }

  private static ResourceOperations operations(
      ResourceType type, ScimStore store, SchemaRegistry registry) {
    registry.resourceType(type); // unknown: fails here
    if (type == ResourceType.USER) {
      return userService(store, registry);
    }
    if (type == ResourceType.GROUP) {
      return groupService(store, registry);
    }
    return new PlainResourceService(new ResourceService(type, registry, Clock.systemUTC()), store);
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
                        new dev.scimserverless.core.schema.AttributePath(
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
