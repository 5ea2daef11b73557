package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.Projection;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.resource.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * The endpoint operations of a resource type without computed attributes: every type that has only
 * its descriptor (no User's {@code groups}, no Group's {@code members}) is served by the generic
 * {@link ResourceService} through this.
 */
public final class PlainResourceService implements ResourceOperations {
  private final ResourceService resources;

  public PlainResourceService(ResourceService resources) {
    this.resources = resources;
  }

  @Override
  public ResourceType type() {
    return resources.type();
  }

  @Override
  public ScimResource create(String tenant, ObjectNode input, Projection projection) {
    return resources.create(tenant, input);
  }

  @Override
  public ScimResource get(String tenant, String id, Projection projection) {
    return resources.get(tenant, id);
  }

  @Override
  public ScimResource replace(
      String tenant, String id, ObjectNode input, Optional<String> ifMatch, Projection projection) {
    return resources.replace(tenant, id, input, ifMatch);
  }

  @Override
  public ScimResource patch(
      String tenant,
      String id,
      List<PatchOperation> operations,
      Optional<String> ifMatch,
      Projection projection) {
    return resources.patch(tenant, id, operations, ifMatch);
  }

  @Override
  public void delete(String tenant, String id, Optional<String> ifMatch) {
    resources.delete(tenant, id, ifMatch);
  }

  @Override
  public ListResult list(String tenant, ListQuery query, Projection projection) {
    return resources.list(tenant, query);
  }
}
