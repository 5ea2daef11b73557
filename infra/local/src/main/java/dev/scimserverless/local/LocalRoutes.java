package dev.scimserverless.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.core.schema.ResourceTypeDescriptor;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.handlers.DiscoveryHandler;
import dev.scimserverless.handlers.FunctionSupport;
import dev.scimserverless.handlers.ResourceTypeHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes of template.yaml and the handler instance serving each: every resource type's routes
 * from its descriptor ({@code ResourceTypeDescriptor.routes}, served by its {@code function}), then
 * the discovery routes. {@code TemplateRoutesTest} holds this table (for the standard schemas) and
 * the template equal.
 */
public final class LocalRoutes {
  /** The base path of every SCIM route. */
  static final String BASE = "/scim/v2";

  /** The function of discovery, {@code /Bulk} and {@code /Me}. */
  static final String DISCOVERY_FUNCTION = "DiscoveryFunction";

  private static final List<String> DISCOVERY_PATHS =
      List.of(
          "/ServiceProviderConfig",
          "/ResourceTypes",
          "/ResourceTypes/{name}",
          "/Schemas",
          "/Schemas/{uri}",
          "/Bulk",
          "/Me");

  /** Every API event of template.yaml: function logical id, method, path. */
  public static final List<Route> ROUTES = routes(SchemaRegistry.standard());

  private final List<Route> routes;
  private final Map<
          String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>>
      handlers;

  private LocalRoutes(
      List<Route> routes,
      Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>>
          handlers) {
    this.routes = routes;
    this.handlers = handlers;
  }

  /** The routes of a registry's resource types, then discovery's. */
  public static List<Route> routes(SchemaRegistry schemas) {
    List<Route> out = new ArrayList<>();
    for (ResourceTypeDescriptor d : schemas.resourceTypes()) {
      for (String path : d.routes()) {
        out.add(new Route(d.function(), "ANY", BASE + path));
      }
    }
    for (String path : DISCOVERY_PATHS) {
      out.add(new Route(DISCOVERY_FUNCTION, "ANY", BASE + path));
    }
    return List.copyOf(out);
  }

  /** The routes served, as {@link #routes(SchemaRegistry)}. */
  public List<Route> routes() {
    return routes;
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

  /**
   * The same with other schemas (the standard ones, {@code --schema-extension} files, added
   * resource types).
   *
   * @throws IllegalArgumentException when two resource types name one function or one route
   */
  public static <S extends ScimStore & TenantDirectory> LocalRoutes forStore(
      S store, FunctionSupport support, SchemaRegistry schemas) {
    Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>>
        handlers = new LinkedHashMap<>();
    for (ResourceTypeDescriptor d : schemas.resourceTypes()) {
      if (d.function().equals(DISCOVERY_FUNCTION)
          || handlers.put(d.function(), new ResourceTypeHandler(d.type(), store, support, schemas))
              != null) {
        throw new IllegalArgumentException(
            "resource type " + d.id() + ": function " + d.function() + " serves another type");
      }
    }
    handlers.put(DISCOVERY_FUNCTION, new DiscoveryHandler(support, schemas));
    List<Route> routes = routes(schemas);
    if (new HashSet<>(routes.stream().map(Route::path).toList()).size() != routes.size()) {
      throw new IllegalArgumentException("two resource types declare one route: " + routes);
    }
    return new LocalRoutes(routes, Map.copyOf(handlers));
  }

  /** A route matched with its path parameters and handler. */
  public record Match(
      Route route,
      Map<String, String> pathParameters,
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {}

  /** The most specific route for a request: literal paths before parameterised ones. */
  public Optional<Match> match(String method, String path) {
    Match best = null;
    for (Route r : routes) {
      Optional<Map<String, String>> params = r.match(method, path);
      if (params.isPresent()
          && (best == null || params.get().size() < best.pathParameters().size())) {
        best = new Match(r, params.get(), handlers.get(r.function()));
      }
    }
    return Optional.ofNullable(best);
  }
}
