package dev.scimserverless.core.store;

import java.util.Objects;

/**
 * The store ports of one tenant, from {@link ScimStore#forTenant}: what a request works with.
 *
 * @param tenant the tenant they are scoped to
 * @param resources its resources
 * @param memberships its group memberships
 */
public record TenantStore(TenantId tenant, ResourceStore resources, MembershipStore memberships) {
  public TenantStore {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(memberships, "memberships");
  }
}
