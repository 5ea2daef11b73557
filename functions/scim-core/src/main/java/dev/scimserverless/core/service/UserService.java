package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.Projection;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.filter.FilterParser;
import dev.scimserverless.core.filter.FilterVisitor;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributePath;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TenantStore;
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
  private final ScimStore stores;

  /**
   * @param resources the generic service of the User type
   * @param stores where the user's groups are found, and checked to still exist (a group delete
   *     that was cut short leaves references behind; they are never shown)
   */
  public UserService(ResourceService resources, ScimStore stores) {
    this.resources = resources;
    this.stores = stores;
  }

  @Override
  public ResourceType type() {
    return ResourceType.USER;
  }

  @Override
  public ScimResource create(TenantId tenant, ObjectNode input, Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    return resources.create(scope, input); // a new user is in no group
  }

  @Override
  public ScimResource get(TenantId tenant, String id, Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    return withGroups(scope, resources.get(scope, id), projection);
  }

  @Override
  public ScimResource replace(
      TenantId tenant,
      String id,
      ObjectNode input,
      Optional<String> ifMatch,
      Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    return withGroups(scope, resources.replace(scope, id, input, ifMatch), projection);
  }

  @Override
  public ScimResource patch(
      TenantId tenant,
      String id,
      List<PatchOperation> operations,
      Optional<String> ifMatch,
      Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    return withGroups(scope, resources.patch(scope, id, operations, ifMatch), projection);
  }

  @Override
  public void delete(TenantId tenant, String id, Optional<String> ifMatch) {
    TenantStore scope = stores.forTenant(tenant);
    // the store removes the user from its groups; the change names them (for member events)
    List<String> groups = List.of();
    if (Ids.canExist(id)) {
      groups = StoreErrors.call(ResourceType.USER, () -> scope.memberships().groupsOf(id));
    }
    resources.delete(scope, id, ifMatch, groups);
  }

  @Override
  public ListResult list(TenantId tenant, ListQuery query, Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    query.filter().ifPresent(UserService::refuseGroupsFilter);
    ListResult page = resources.list(scope, query);
    if (!projection.explicitlyRequests("groups")) {
      return page;
    }
    List<ScimResource> out = new ArrayList<>();
    for (ScimResource r : page.resources()) {
      out.add(withGroups(scope, r, projection));
    }
    return page.withResources(out);
  }

  private ScimResource withGroups(TenantStore scope, ScimResource user, Projection projection) {
    if (projection.excludes("groups")) {
      return user;
    }
    List<StoredResource> groups =
        StoreErrors.call(
            ResourceType.USER,
            () -> {
              List<String> groupIds = scope.memberships().groupsOf(user.id());
              return groupIds.isEmpty()
                  ? List.<StoredResource>of()
                  : scope.resources().getAll(ResourceType.GROUP, groupIds);
            });
    if (groups.isEmpty()) {
      return user;
    }
    ObjectNode doc = user.document().deepCopy();
    ArrayNode values = doc.putArray("groups");
    for (StoredResource g : groups) {
      ObjectNode value = values.addObject().put("value", g.id());
      String display = Json.readStored(g.document()).path("displayName").asText("");
      if (!display.isEmpty()) {
        value.put("display", display);
      }
      value.put("type", "direct");
    }
    return new ScimResource(
        user.type(), user.id(), doc, user.version(), user.created(), user.lastModified());
  }

  /**
   * {@code groups} is computed from membership, not stored with the user, so a filter on it would
   * silently match nothing: refuse it and point at the group side, where it is a key lookup.
   */
  static void refuseGroupsFilter(String filterText) {
    if (mentionsGroups(FilterParser.parse(filterText))) {
      throw ScimException.invalidFilter(
          "Users cannot be filtered by 'groups'; ask the group instead: GET /Groups?filter=id eq"
              + " \"<group>\" and members[value eq \"<user>\"], or GET /Groups/<group>.");
    }
  }

  private static boolean mentionsGroups(Filter filter) {
    return filter.accept(
        new FilterVisitor.OverTerms<Boolean>() {
          @Override
          protected Boolean term(Filter term, AttributePath path) {
            return path.attribute().equalsIgnoreCase("groups")
                && (path.schemaUrn() == null
                    || path.schemaUrn().equalsIgnoreCase(ResourceType.USER.schema()));
          }

          @Override
          protected Boolean both(Boolean left, Boolean right) {
            return left || right;
          }
        });
  }
}
