package dev.scimserverless.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives the audit event of a SCIM request from the request and its response: which change
 * (create, replace, patch, delete), of which resource, touching which attributes. Names only, never
 * values: a filter in a PATCH path ({@code emails[value eq "x"]}) is dropped, and nothing of a
 * request body but its attribute names is kept.
 */
public final class AuditEvents {
  /** The operation names of SCIM changes. */
  public static final String CREATE = "create";

  public static final String REPLACE = "replace";
  public static final String PATCH = "patch";
  public static final String DELETE = "delete";

  private static final Set<String> NOT_ATTRIBUTES = Set.of("schemas", "id", "meta");

  private AuditEvents() {}

  /**
   * The event of a successful change, or empty when the request changed nothing: a read, a query
   * ({@code POST .search}), or any response outside 2xx.
   *
   * @param request the request as the handler saw it (tenant and request id included)
   * @param response the response sent
   * @param actor the token id that authenticated the request
   * @param time when the change was made
   */
  public static Optional<AuditEvent> of(
      ScimRequest request, ScimResponse response, String actor, Instant time) {
    if (response.status() < 200 || response.status() > 299 || request.tenant() == null) {
      return Optional.empty();
    }
    List<String> segments = request.segments();
    if (segments.isEmpty() || segments.get(segments.size() - 1).equalsIgnoreCase(".search")) {
      return Optional.empty();
    }
    String operation = operation(request.method(), segments.size());
    if (operation == null) {
      return Optional.empty();
    }
    String resourceId = operation.equals(CREATE) ? createdId(response).orElse("") : segments.get(1);
    List<String> attributes =
        switch (operation) {
          case CREATE, REPLACE -> bodyAttributes(request.body());
          case PATCH -> patchAttributes(request.body());
          default -> List.of();
        };
    return Optional.of(
        new AuditEvent(
            time,
            request.tenant(),
            actor,
            operation,
            resourceType(segments.get(0)),
            resourceId,
            attributes,
            request.requestId()));
  }

  /** The operation of a method on a collection (1 segment) or a resource (2 segments), or null. */
  static String operation(String method, int segments) {
    if (segments == 1) {
      return method.equals("POST") ? CREATE : null;
    }
    if (segments == 2) {
      return switch (method) {
        case "PUT" -> REPLACE;
        case "PATCH" -> PATCH;
        case "DELETE" -> DELETE;
        default -> null;
      };
    }
    return null;
  }

  /** {@code Users} is {@code User}, {@code Groups} is {@code Group}. */
  static String resourceType(String endpoint) {
    return switch (endpoint) {
      case "Users" -> "User";
      case "Groups" -> "Group";
      default -> endpoint;
    };
  }

  private static Optional<String> createdId(ScimResponse response) {
    if (response.body() == null) {
      return Optional.empty();
    }
    try {
      JsonNode id = Json.parse(response.body()).get("id");
      return id == null || !id.isTextual() ? Optional.empty() : Optional.of(id.asText());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The top-level attribute names of a resource body; an extension's attributes as {@code
   * urn:…:name}. {@code schemas}, {@code id} and {@code meta} are not attributes a client sets.
   */
  static List<String> bodyAttributes(String body) {
    Optional<JsonNode> json = parse(body);
    if (json.isEmpty() || !json.get().isObject()) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    addNames(json.get(), names);
    return List.copyOf(names);
  }

  private static void addNames(JsonNode object, Set<String> names) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (NOT_ATTRIBUTES.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (isUrn(name) && field.getValue().isObject() && field.getValue().size() > 0) {
        for (Iterator<String> sub = field.getValue().fieldNames(); sub.hasNext(); ) {
          names.add(withoutFilters(name + ":" + sub.next()));
        }
      } else {
        // keys of a no-path PATCH value may be paths with filters: keep no compared value
        names.add(withoutFilters(name));
      }
    }
  }

  /**
   * The attributes a PATCH request names: each operation's path without its filter, or the names in
   * the value of an operation without path.
   */
  static List<String> patchAttributes(String body) {
    Optional<JsonNode> json = parse(body);
    if (json.isEmpty() || !json.get().isObject()) {
      return List.of();
    }
    JsonNode operations = field(json.get(), "Operations");
    if (operations == null || !operations.isArray()) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode op : operations) {
      if (!op.isObject()) {
        continue;
      }
      JsonNode path = field(op, "path");
      if (path != null && path.isTextual() && !path.asText().isBlank()) {
        names.add(withoutFilters(path.asText().trim()));
      } else {
        JsonNode value = field(op, "value");
        if (value != null && value.isObject()) {
          addNames(value, names);
        }
      }
    }
    return new ArrayList<>(names);
  }

  /**
   * A PATCH path with every {@code [filter]} removed, so that no compared value is kept: {@code
   * emails[type eq "work"].value} becomes {@code emails.value}. Brackets inside quoted strings do
   * not count.
   */
  static String withoutFilters(String path) {
    StringBuilder out = new StringBuilder(path.length());
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (depth > 0) {
        if (quoted && c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && c == '[') {
          depth++;
        } else if (!quoted && c == ']') {
          depth--;
        }
      } else if (c == '[') {
        depth = 1;
        quoted = false;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isUrn(String name) {
    return name.regionMatches(true, 0, "urn:", 0, 4);
  }

  private static JsonNode field(JsonNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact != null) {
      return exact;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equalsIgnoreCase(name)) {
        return f.getValue();
      }
    }
    return null;
  }

  private static Optional<JsonNode> parse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.parse(body));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
