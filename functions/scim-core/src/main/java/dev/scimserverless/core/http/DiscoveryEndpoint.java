package dev.scimserverless.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.ServiceProviderConfig;
import java.util.List;

/**
 * The discovery endpoints of RFC 7644 §4: {@code /ServiceProviderConfig}, {@code /ResourceTypes},
 * {@code /Schemas}, generated from the schema registry and {@link ServiceProviderConfig} so that
 * they say what the server really does. Read-only: other methods are 405.
 */
public final class DiscoveryEndpoint implements ScimEndpoint {
  private final SchemaRegistry registry;
  private final ServiceProviderConfig config;

  public DiscoveryEndpoint(SchemaRegistry registry, ServiceProviderConfig config) {
    this.registry = registry;
    this.config = config;
  }

  @Override
  public ScimResponse handle(ScimRequest request) {
    List<String> seg = request.segments();
    if (seg.get(0).equals("Bulk") || seg.get(0).equals("Me")) {
      // RFC 7644 §3.7 and §3.11: a feature the service provider does not offer is a 501
      throw new ScimException(
          501,
          null,
          "/"
              + seg.get(0)
              + " is not supported by this service provider (see /ServiceProviderConfig).");
    }
    if (!request.method().equals("GET")) {
      throw ScimException.methodNotAllowed("GET");
    }
    if (request.queryParam("filter").isPresent()) {
      // RFC 7644 §4: discovery endpoints do not filter
      throw new ScimException(403, null, "Discovery endpoints do not support filtering.");
    }
    String base = request.baseUrl();
    String first = seg.get(0);
    if (first.equals("ServiceProviderConfig") && seg.size() == 1) {
      return ScimResponse.json(200, config.toJson(base));
    }
    if (first.equals("ResourceTypes")) {
      if (seg.size() == 1) {
        return ScimResponse.json(200, list(registry.resourceTypesJson(), base));
      }
      if (seg.size() == 2) {
        ObjectNode type =
            registry
                .resourceType(seg.get(1))
                .map(registry::resourceTypeJson)
                .orElseThrow(
                    () ->
                        ScimException.notFound(
                            "Resource type '" + seg.get(1) + "' does not exist."));
        return ScimResponse.json(200, absolute(type, base));
      }
    }
    if (first.equals("Schemas")) {
      if (seg.size() == 1) {
        return ScimResponse.json(200, list(registry.schemasJson(), base));
      }
      if (seg.size() == 2) {
        return ScimResponse.json(200, absolute(registry.schemaJson(seg.get(1)), base));
      }
    }
    throw ScimException.notFound("No such endpoint: " + request.path());
  }

  private static ObjectNode list(ArrayNode items, String base) {
    ObjectNode body = Json.object();
    body.putArray("schemas").add(ResourceEndpoint.LIST_RESPONSE);
    body.put("totalResults", items.size());
    body.put("itemsPerPage", items.size());
    body.put("startIndex", 1);
    ArrayNode resources = body.putArray("Resources");
    for (JsonNode item : items) {
      resources.add(absolute((ObjectNode) item, base));
    }
    return body;
  }

  /** Makes a relative {@code meta.location} absolute. */
  private static ObjectNode absolute(ObjectNode resource, String base) {
    JsonNode meta = resource.get("meta");
    if (meta instanceof ObjectNode m && m.has("location")) {
      String loc = m.get("location").asText();
      if (loc.startsWith("/")) {
        m.put("location", base + loc);
      }
    }
    return resource;
  }
}
