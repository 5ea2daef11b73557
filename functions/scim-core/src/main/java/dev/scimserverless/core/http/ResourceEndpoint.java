package dev.scimserverless.core.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.Projection;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.patch.PatchRequest;
import dev.scimserverless.core.schema.AttributeResolver;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.ETags;
import dev.scimserverless.core.service.ListQuery;
import dev.scimserverless.core.service.ListResult;
import dev.scimserverless.core.service.ResourceOperations;
import dev.scimserverless.core.service.ScimResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP face of one resource type ({@code /Users} or {@code /Groups}): routes a {@link
 * ScimRequest} to the {@link ResourceOperations} and renders the SCIM response. Every resource in a
 * response (GET, POST, PUT, PATCH, list, {@code .search}) is projected by {@code attributes} and
 * {@code excludedAttributes} (query parameters, or the SearchRequest's members).
 */
public final class ResourceEndpoint implements ScimEndpoint {
  public static final String LIST_RESPONSE = ListResponse.SCHEMA;

  /** A projection under which no computed attribute is shown (only {@code id}). */
  private static final Projection NOTHING_COMPUTED = Projection.of("id", null);

  private final ResourceOperations service;
  private final AttributeResolver resolver;
  private final Optional<RootSearchEndpoint> rootSearch;

  public ResourceEndpoint(ResourceOperations service, SchemaRegistry registry) {
    this(service, registry, Optional.empty());
  }

  /**
   * @param rootSearch the endpoint of {@code POST /.search} when the function serving this resource
   *     type also serves that path (the Users function does)
   */
  public ResourceEndpoint(
      ResourceOperations service,
      SchemaRegistry registry,
      Optional<RootSearchEndpoint> rootSearch) {
    this.service = service;
    this.resolver = registry.resolver(service.type());
    this.rootSearch = rootSearch;
  }

  @Override
  public ScimResponse handle(ScimRequest request) {
    if (RootSearchEndpoint.handles(request)) {
      return rootSearch
          .orElseThrow(() -> ScimException.notFound("No such endpoint: " + request.path()))
          .handle(request);
    }
    List<String> seg = request.segments();
    String method = request.method();
    if (seg.size() == 1) {
      return switch (method) {
        case "GET" -> list(request);
        case "POST" -> create(request);
        default -> throw notAllowed("GET, POST");
      };
    }
    if (seg.size() == 2 && seg.get(1).equals(".search")) {
      // POST /Users/.search reaches this function on the /Users/{id} route (id ".search")
      if (method.equals("POST")) {
        return search(request);
      }
      throw notAllowed("POST");
    }
    if (seg.size() == 2) {
      String id = seg.get(1);
      return switch (method) {
        case "GET" -> get(request, id);
        case "PUT" -> replace(request, id);
        case "PATCH" -> patch(request, id);
        case "DELETE" -> delete(request, id);
        default -> throw notAllowed("GET, PUT, PATCH, DELETE");
      };
    }
    throw ScimException.notFound("No such endpoint: " + request.path());
  }

  private static ScimException notAllowed(String allowed) {
    return ScimException.methodNotAllowed(allowed);
  }

  private ScimResponse create(ScimRequest request) {
    ScimResource created =
        service.create(request.tenantId(), Json.parseObject(request.body()), projection(request));
    return resourceResponse(201, created, request, true);
  }

  private ScimResponse get(ScimRequest request, String id) {
    ScimResource resource = service.get(request.tenantId(), id, projection(request));
    Optional<String> ifNoneMatch = request.header("If-None-Match");
    if (ifNoneMatch.isPresent() && ETags.matches(ifNoneMatch.get(), resource.version())) {
      return ScimResponse.empty(304, Map.of("ETag", resource.etag()));
    }
    return resourceResponse(200, resource, request, false);
  }

  private ScimResponse replace(ScimRequest request, String id) {
    ObjectNode input = Json.parseObject(request.body());
    ScimResource replaced =
        service.replace(
            request.tenantId(), id, input, request.header("If-Match"), projection(request));
    return resourceResponse(200, replaced, request, false);
  }

  /**
   * PATCH: 200 with the resource; 204 (with the ETag) when the request asks for no representation
   * ({@code Prefer: return=minimal}). Groups answer 204 unless a representation is asked for
   * ({@code attributes}, {@code excludedAttributes} or {@code Prefer: return=representation}), as
   * Okta's and Entra ID's published group flows expect, so that a member change on a large group
   * never carries its member list back.
   */
  private ScimResponse patch(ScimRequest request, String id) {
    List<PatchOperation> operations = PatchRequest.parse(Json.parseObject(request.body()));
    boolean minimal = wantsMinimal(request);
    // No body: nothing computed (group members, user groups) needs to be read for the answer.
    Projection answer = minimal ? NOTHING_COMPUTED : projection(request);
    ScimResource patched =
        service.patch(request.tenantId(), id, operations, request.header("If-Match"), answer);
    if (minimal) {
      return ScimResponse.empty(204, Map.of("ETag", patched.etag()));
    }
    return resourceResponse(200, patched, request, false);
  }

  private boolean wantsMinimal(ScimRequest request) {
    String prefer = request.header("Prefer").orElse("").toLowerCase(java.util.Locale.ROOT);
    if (prefer.contains("return=minimal")) {
      return true;
    }
    if (prefer.contains("return=representation")) {
      return false;
    }
    return service.patchAnswersNoContent() && projection(request).isNone();
  }

  private static Projection projection(ScimRequest request) {
    return Projection.of(
        request.queryParam("attributes").orElse(null),
        request.queryParam("excludedAttributes").orElse(null));
  }

  private ScimResponse delete(ScimRequest request, String id) {
    service.delete(request.tenantId(), id, request.header("If-Match"));
    return ScimResponse.empty(204, Map.of());
  }

  /** GET on the collection (RFC 7644 §3.4.2). */
  private ScimResponse list(ScimRequest request) {
    return listResponse(request, ListQuery.fromQuery(request.query()));
  }

  /** POST .search with a SearchRequest body (RFC 7644 §3.4.3). */
  private ScimResponse search(ScimRequest request) {
    return listResponse(request, SearchRequest.parse(Json.parseObject(request.body())));
  }

  private ScimResponse listResponse(ScimRequest request, ListQuery query) {
    Projection projection =
        Projection.of(query.attributes().orElse(null), query.excludedAttributes().orElse(null));
    ListResult result = service.list(request.tenantId(), query, projection);
    return ScimResponse.json(
        200,
        ListResponse.render(result, r -> projection.apply(r.toJson(request.baseUrl()), resolver)));
  }

  private ScimResponse resourceResponse(
      int status, ScimResource resource, ScimRequest request, boolean withLocation) {
    ObjectNode body = projection(request).apply(resource.toJson(request.baseUrl()), resolver);
    Map<String, String> headers =
        withLocation
            ? Map.of("ETag", resource.etag(), "Location", resource.location(request.baseUrl()))
            : Map.of("ETag", resource.etag());
    return ScimResponse.json(status, body, headers);
  }
}
