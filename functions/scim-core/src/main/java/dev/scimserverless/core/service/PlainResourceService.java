package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.Projection;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * The endpoint operations of a resource type without computed attributes: every type that has only
 * its descriptor (no User's {@code groups}, no Group's {@code members}) is served by the generic
 * {@link ResourceService} through this.
 */
public final class PlainResourceService implements ResourceOperations {
  private final ResourceService resources;
  private final ScimStore stores;

  public PlainResourceService(ResourceService resources, ScimStore stores) {
    this.resources = resources;
    this.stores = stores;
  }

  @Override
  public ResourceType type() {
    return resources.type();
  }

  @Override
  public ScimResource create(TenantId tenant, ObjectNode input, Projection projection) {
    return resources.create(stores.forTenant(tenant), input);
  }

  @Override
  public ScimResource get(TenantId tenant, String id, Projection projection) {
    return resources.get(stores.forTenant(tenant), id);
  }

  @Override
  public ScimResource replace(
      TenantId tenant,
      String id,
      ObjectNode input,
      Optional<String> ifMatch,
      Projection projection) {
    return resources.replace(stores.forTenant(tenant), id, input, ifMatch);
  }

  @Override
  public ScimResource patch(
      TenantId tenant,
      String id,
      List<PatchOperation> operations,
      Optional<String> ifMatch,
      Projection projection) {
    return resources.patch(stores.forTenant(tenant), id, operations, ifMatch);
  }

  @Override
  public void delete(TenantId tenant, String id, Optional<String> ifMatch) {
    resources.delete(stores.forTenant(tenant), id, ifMatch);
  }

  @Override
  public ListResult list(TenantId tenant, ListQuery query, Projection projection) {
    return resources.list(stores.forTenant(tenant), query);
  }
}
