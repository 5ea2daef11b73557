package dev.scimserverless.core.admin;

import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.http.ScimDispatcher;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.ChangeOutbox;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.TenantId;
import java.util.Map;
import java.util.Optional;

/**
 * What an organization's admin may read of its directory through the Admin API (the console's Users
 * and Groups pages): the SCIM endpoints' own GET answers, as that tenant, never a write — an edit
 * there would fight the IdP. One place for SCIM semantics: the same endpoints serve the IdP.
 */
public final class TenantReads {
  private final ScimDispatcher users;
  private final ScimDispatcher groups;
  private final ScimStore store;
  private final ChangeOutbox outbox;

  /** On a store; its outbox, when it keeps one, is the events poll feed. */
  public TenantReads(ScimStore store) {
    this.users = new ScimDispatcher(ScimApi.usersEndpoint(store), (r, e) -> {});
    this.groups = new ScimDispatcher(ScimApi.groupsEndpoint(store), (r, e) -> {});
    this.store = store;
    this.outbox = store instanceof ChangeOutbox o ? o : null;
  }

  /** The store's outbox of committed changes, if it keeps one. */
  Optional<ChangeOutbox> outbox() {
    return Optional.ofNullable(outbox);
  }

  /**
   * A GET of {@code /Users…} or {@code /Groups…} as the tenant.
   *
   * @param path below the SCIM base URL, e.g. {@code /Users/42}
   */
  ScimResponse get(
      String tenant, String path, Map<String, String> query, String requestId, String baseUrl) {
    ScimRequest request =
        new ScimRequest("GET", path, query, Map.of(), null, tenant, requestId, baseUrl);
    if (under(path, ResourceType.USER)) {
      return users.dispatch(request);
    }
    if (under(path, ResourceType.GROUP)) {
      return groups.dispatch(request);
    }
    throw new IllegalArgumentException("the console reads only /Users and /Groups, not " + path);
  }

  private static boolean under(String path, ResourceType type) {
    return path.equals(type.endpoint()) || path.startsWith(type.endpoint() + "/");
  }

  /** The tenant's memberships (the tenant is checked by the caller). */
  MembershipStore memberships(String tenant) {
    return store.forTenant(TenantId.of(tenant)).memberships();
  }
}
