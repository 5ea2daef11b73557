package dev.scimserverless.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.handlers.DiscoveryHandler;
import dev.scimserverless.handlers.FunctionSupport;
import dev.scimserverless.handlers.GroupsHandler;
import dev.scimserverless.handlers.UsersHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes of template.yaml and the handler instance serving each. {@code TemplateRoutesTest}
 * holds this table and the template equal.
 */
public final class LocalRoutes {
  /** Every API event of template.yaml: function logical id, method, path. */
  public static final List<Route> ROUTES =
      List.of(
          new Route("UsersFunction", "ANY", "/scim/v2/Users"),
          new Route("UsersFunction", "ANY", "/scim/v2/Users/{id}"),
          new Route("UsersFunction", "ANY", "/scim/v2/.search"),
          new Route("GroupsFunction", "ANY", "/scim/v2/Groups"),
          new Route("GroupsFunction", "ANY", "/scim/v2/Groups/{id}"),
          new Route("DiscoveryFunction", "ANY", "/scim/v2/ServiceProviderConfig"),
          new Route("DiscoveryFunction", "ANY", "/scim/v2/ResourceTypes"),
          new Route("DiscoveryFunction", "ANY", "/scim/v2/ResourceTypes/{name}"),
          new Route("DiscoveryFunction", "ANY", "/scim/v2/Schemas"),
          new Route("DiscoveryFunction", "ANY", "/scim/v2/Schemas/{uri}"),
          new Route("DiscoveryFunction", "ANY", "/scim/v2/Bulk"),
          new Route("DiscoveryFunction", "ANY", "/scim/v2/Me"));

  private final Map<
          String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>>
      handlers;

  private LocalRoutes(
      Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>>
          handlers) {
    this.handlers = handlers;
  }

  /** One handler instance per function, as Lambda keeps one per warm container. */
  public static <S extends ScimStore & TenantDirectory> LocalRoutes forStore(S store) {
    return forStore(store, FunctionSupport.inMemory());
  }

  /** The same, auditing and counting DynamoDB calls as {@code support} says. */
  public static <S extends ScimStore & TenantDirectory> LocalRoutes forStore(
      S store, FunctionSupport support) {
    return forStore(store, support, SchemaRegistry.standard());
  }

  /** The same with other schemas (the standard ones and {@code --schema-extension} files). */
  public static <S extends ScimStore & TenantDirectory> LocalRoutes forStore(
      S store, FunctionSupport support, SchemaRegistry schemas) {
    return new LocalRoutes(
        Map.of(
            "UsersFunction", new UsersHandler(store, support, schemas),
            "GroupsFunction", new GroupsHandler(store, support, schemas),
            "DiscoveryFunction", new DiscoveryHandler(support, schemas)));
  }

  /** A route matched with its path parameters and handler. */
  public record Match(
      Route route,
      Map<String, String> pathParameters,
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {}

  /** The most specific route for a request: literal paths before parameterised ones. */
  public Optional<Match> match(String method, String path) {
    Match best = null;
    for (Route r : ROUTES) {
      Optional<Map<String, String>> params = r.match(method, path);
      if (params.isPresent()
          && (best == null || params.get().size() < best.pathParameters().size())) {
        best = new Match(r, params.get(), handlers.get(r.function()));
      }
    }
    return Optional.ofNullable(best);
  }
}
