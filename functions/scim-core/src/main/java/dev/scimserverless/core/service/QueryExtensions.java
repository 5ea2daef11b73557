package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.store.TenantStore;
import java.util.List;
import java.util.Optional;

/**
 * What a resource type adds to query planning: key lookups for filter terms the generic planner
 * does not know (group {@code members[value eq "u"]}), and the document a filter sees (with the
 * computed attributes it refers to).
 */
public interface QueryExtensions {
  /** None: plain documents, only the generic key lookups. */
  QueryExtensions NONE =
      new QueryExtensions() {
        @Override
        public Optional<List<String>> candidateIds(TenantStore scope, Filter term) {
          return Optional.empty();
        }

        @Override
        public JsonNode view(TenantStore scope, Filter filter, ScimResource resource) {
          return resource.toJson("");
        }
      };

  /** The ids that can match this term (a comparison or value path), by key lookup, if known. */
  Optional<List<String>> candidateIds(TenantStore scope, Filter term);

  /** The document the filter is evaluated against. */
  JsonNode view(TenantStore scope, Filter filter, ScimResource resource);
}
