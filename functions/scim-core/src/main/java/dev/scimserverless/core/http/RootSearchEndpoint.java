package dev.scimserverless.core.http;

import dev.scimserverless.core.document.Projection;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.ListQuery;
import dev.scimserverless.core.service.ListResult;
import dev.scimserverless.core.service.RootSearch;
import java.util.List;

/**
 * {@code POST /.search} (RFC 7644 §3.4.3): a SearchRequest over all resource types, answered as a
 * ListResponse whose resources are projected each by its own type's schema.
 */
public final class RootSearchEndpoint implements ScimEndpoint {
  /** Its route below the base URL (a resource type descriptor's routes may name it). */
  public static final String PATH = "/.search";

  private final RootSearch search;
  private final SchemaRegistry registry;

  public RootSearchEndpoint(RootSearch search, SchemaRegistry registry) {
    this.search = search;
    this.registry = registry;
  }

  /** Whether a request is for this endpoint: the path {@code /.search}. */
  public static boolean handles(ScimRequest request) {
    List<String> seg = request.segments();
    return seg.size() == 1 && seg.get(0).equals(".search");
  }

  @Override
  public ScimResponse handle(ScimRequest request) {
    if (!handles(request)) {
      throw ScimException.notFound("No such endpoint: " + request.path());
    }
    if (!request.method().equals("POST")) {
      throw ScimException.methodNotAllowed("POST");
    }
    ListQuery query = SearchRequest.parse(Json.parseObject(request.body()));
    Projection projection =
        Projection.of(query.attributes().orElse(null), query.excludedAttributes().orElse(null));
    ListResult result = search.search(request.tenantId(), query, projection);
    return ScimResponse.json(
        200,
        ListResponse.render(
            result,
            r -> projection.apply(r.toJson(request.baseUrl()), registry.resolver(r.type()))));
  }
}
