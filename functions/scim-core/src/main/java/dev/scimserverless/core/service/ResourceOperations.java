package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.Projection;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * The SCIM operations of one resource endpoint (RFC 7644 §3): what {@code /Users} and {@code
 * /Groups} do, each with its own rules for computed attributes ({@code User.groups}, {@code
 * Group.members}). The projection tells what the client will see, so that nothing unrequested is
 * read.
 */
public interface ResourceOperations {
  ResourceType type();

  /**
   * Whether a PATCH answers 204 unless the request asks for a representation ({@code attributes},
   * {@code excludedAttributes}, {@code Prefer: return=representation}); else 200 with the resource
   * unless it asks for {@code Prefer: return=minimal}.
   */
  default boolean patchAnswersNoContent() {
    return false;
  }

  ScimResource create(TenantId tenant, ObjectNode input, Projection projection);

  ScimResource get(TenantId tenant, String id, Projection projection);

  ScimResource replace(
      TenantId tenant,
      String id,
      ObjectNode input,
      Optional<String> ifMatch,
      Projection projection);

  ScimResource patch(
      TenantId tenant,
      String id,
      List<PatchOperation> operations,
      Optional<String> ifMatch,
      Projection projection);

  void delete(TenantId tenant, String id, Optional<String> ifMatch);

  ListResult list(TenantId tenant, ListQuery query, Projection projection);
}
