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

  /**
   * Transitional, until the store adapters implement {@link MembershipStore}: Users without
   * group membership.
   */
  @Deprecated
  public static ResourceEndpoint resourceEndpoint(ResourceType type, ResourceStore store) {
    SchemaRegistry registry = SchemaRegistry.standard();
    ResourceService resources = new ResourceService(type, store, registry, Clock.systemUTC());
    MembershipStore none =
        new MembershipStore() {
          @Override
          public java.util.Set<String> missingUsers(String t, java.util.Collection<String> ids) {
            return java.util.Set.copyOf(ids);
          }

          @Override
          public void addMembers(
              String t, String g, java.util.Collection<String> u, java.time.Instant n) {}

          @Override
          public void removeMembers(
              String t, String g, java.util.Collection<String> u, java.time.Instant n) {}

          @Override
          public MemberPage members(
              String t, String g, java.util.Optional<String> a, int l) {
            return new MemberPage(java.util.List.of(), java.util.Optional.empty());
          }

          @Override
          public boolean isMember(String t, String g, String u) {
            return false;
          }

          @Override
          public java.util.List<String> groupsOf(String t, String u) {
            return java.util.List.of();
          }
        };
    return new ResourceEndpoint(new UserService(resources, none), registry);
  }

  /** {@code /ServiceProviderConfig}, {@code /ResourceTypes}, {@code /Schemas}. */
  public static DiscoveryEndpoint discoveryEndpoint() {
    return new DiscoveryEndpoint(SchemaRegistry.standard(), ServiceProviderConfig.STANDARD);
  }
}
