package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.resource.Projection;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /Users}: the generic resource operations plus the readOnly {@code groups} attribute,
 * computed from membership (one store read) when the response shows it. In list responses it is
 * computed only when {@code attributes} asks for it, so that a page of users costs no per-user
 * reads.
 */
public final class UserService implements ResourceOperations {
  private final ResourceService resources;
  private final MembershipStore memberships;

  public UserService(ResourceService resources, MembershipStore memberships) {
    this.resources = resources;
    this.memberships = memberships;
  }

  @Override
  public ResourceType type() {
    return ResourceType.USER;
  }

  @Override
  public ScimResource create(String tenant, ObjectNode input, Projection projection) {
    return resources.create(tenant, input); // a new user is in no group
  }

  @Override
  public ScimResource get(String tenant, String id, Projection projection) {
    return withGroups(tenant, resources.get(tenant, id), projection);
  }

  @Override
  public ScimResource replace(
      String tenant, String id, ObjectNode input, Optional<String> ifMatch, Projection projection) {
    return withGroups(tenant, resources.replace(tenant, id, input, ifMatch), projection);
  }

  @Override
  public ScimResource patch(
      String tenant,
      String id,
      List<PatchOperation> operations,
      Optional<String> ifMatch,
      Projection projection) {
    return withGroups(tenant, resources.patch(tenant, id, operations, ifMatch), projection);
  }

  @Override
  public void delete(String tenant, String id, Optional<String> ifMatch) {
    resources.delete(tenant, id, ifMatch); // the store removes the user from its groups
  }

  @Override
  public ListResult list(String tenant, ListQuery query, Projection projection) {
    ListResult page = resources.list(tenant, query);
    if (!projection.explicitlyRequests("groups")) {
      return page;
    }
    List<ScimResource> out = new ArrayList<>();
    for (ScimResource r : page.resources()) {
      out.add(withGroups(tenant, r, projection));
    }
    return page.withResources(out);
  }

  private ScimResource withGroups(String tenant, ScimResource user, Projection projection) {
    if (projection.excludes("groups")) {
      return user;
    }
    List<String> groupIds;
    try {
      groupIds = memberships.groupsOf(tenant, user.id());
    } catch (StoreException e) {
      throw StoreErrors.toScim(e, ResourceType.USER);
    }
    if (groupIds.isEmpty()) {
      return user;
    }
    ObjectNode doc = user.document().deepCopy();
    ArrayNode groups = doc.putArray("groups");
    for (String g : groupIds) {
      groups.addObject().put("value", g).put("type", "direct");
    }
    return new ScimResource(
        user.type(), user.id(), doc, user.version(), user.created(), user.lastModified());
  }
}
