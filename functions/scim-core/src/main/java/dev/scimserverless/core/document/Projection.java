package dev.scimserverless.core.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.AttributePath;
import dev.scimserverless.core.schema.AttributeResolver;
import dev.scimserverless.core.schema.Returned;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code attributes} and {@code excludedAttributes} parameters (RFC 7644 §3.4.2.5, §3.9)
 * applied to a full resource representation, honouring each attribute's {@code returned}
 * characteristic (RFC 7643 §7):
 *
 * <ul>
 *   <li>{@code always} ({@code id}) is returned whatever was asked; {@code schemas} always stays;
 *   <li>{@code never} ({@code password}) is never returned;
 *   <li>{@code request} only when named in {@code attributes};
 *   <li>{@code default} unless excluded, or unless {@code attributes} was given without it.
 * </ul>
 *
 * <p>Paths are comma-separated, case-insensitive, optionally URN-qualified ({@code
 * urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber}); an extension URN
 * alone names the whole extension object. Naming a sub-attribute ({@code name.givenName}) returns
 * only that sub-attribute of the complex attribute (of each element, when multi-valued). Names the
 * resolver does not know are ignored. Complex values left empty are left out.
 */
public final class Projection {
  private static final Projection NONE = new Projection(List.of(), List.of());

  private final List<Path> attributes;
  private final List<Path> excluded;

  private Projection(List<Path> attributes, List<Path> excluded) {
    this.attributes = List.copyOf(attributes);
    this.excluded = List.copyOf(excluded);
  }

  /** From the two query parameters; null or blank means not given. */
  public static Projection of(String attributes, String excludedAttributes) {
    List<Path> include = parse(attributes);
    List<Path> exclude = parse(excludedAttributes);
    return include.isEmpty() && exclude.isEmpty() ? NONE : new Projection(include, exclude);
  }

  /** No projection: every attribute returned by default. */
  public static Projection none() {
    return NONE;
  }

  /** Whether neither parameter was given. */
  public boolean isNone() {
    return attributes.isEmpty() && excluded.isEmpty();
  }

  /**
   * Whether a top-level attribute of the core schema (or a common one) will certainly be left out:
   * it is excluded, or {@code attributes} was given and neither names it nor one of its
   * sub-attributes. Lets the caller skip work, e.g. loading group members. The {@code returned}
   * characteristic is not considered (ask only about attributes returned by default or on request).
   * A URN-qualified path counts when its URN is a core schema URN.
   */
  public boolean excludes(String attributeName) {
    if (!attributes.isEmpty()) {
      return attributes.stream().noneMatch(p -> p.coreScoped() && p.names(attributeName));
    }
    return excluded.stream()
        .anyMatch(p -> p.coreScoped() && p.names(attributeName) && p.sub() == null);
  }

  /**
   * Whether {@code attributes} names this top-level core attribute (or one of its sub-attributes).
   */
  public boolean explicitlyRequests(String attributeName) {
    return attributes.stream().anyMatch(p -> p.coreScoped() && p.names(attributeName));
  }

  /** The projected copy of a full resource; the input is not modified. */
  public ObjectNode apply(ObjectNode resource, AttributeResolver resolver) {
    List<String> extensionKeys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : resource.properties()) {
      if (isUrn(field.getKey()) && field.getValue().isObject()) {
        extensionKeys.add(field.getKey());
      }
    }
    List<Path> corePaths = corePaths(resolver, extensionKeys);
    ObjectNode out = Json.object();
    for (Map.Entry<String, JsonNode> field : resource.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.equals("schemas")) {
        out.set(key, value.deepCopy());
      } else if (extensionKeys.contains(key)) {
        projectExtension(key, (ObjectNode) value, resolver).ifPresent(v -> out.set(key, v));
      } else {
        AttributeDefinition def = resolver.resolve(AttributePath.of(key)).orElse(null);
        projectAttribute(def, value, new Scope(key, false), corePaths)
            .ifPresent(v -> out.set(key, v));
      }
    }
    return out;
  }

  private Optional<JsonNode> projectExtension(
      String urn, ObjectNode extension, AttributeResolver resolver) {
    if (excluded.stream().anyMatch(p -> p.isWhole(urn))) {
      return Optional.empty();
    }
    boolean whole = attributes.stream().anyMatch(p -> p.isWhole(urn));
    List<Path> paths = new ArrayList<>();
    for (Path p : all()) {
      if (p.urnMatches(urn)) {
        paths.add(p);
      }
    }
    ObjectNode out = Json.object();
    for (Map.Entry<String, JsonNode> field : extension.properties()) {
      String name = field.getKey();
      AttributeDefinition def = resolver.resolve(new AttributePath(urn, name, null)).orElse(null);
      projectAttribute(def, field.getValue(), new Scope(name, whole), paths)
          .ifPresent(v -> out.set(name, v));
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /**
   * The paths that name core (or common) attributes: unqualified ones, and qualified ones whose URN
   * is not one of the resource's extensions and that the resolver knows (the core URN).
   */
  private List<Path> corePaths(AttributeResolver resolver, List<String> extensionKeys) {
    List<Path> out = new ArrayList<>();
    for (Path p : all()) {
      if (p.urn() == null
          || (extensionKeys.stream().noneMatch(k -> p.urnMatches(k) || p.isWhole(k))
              && p.resolvesIn(resolver))) {
        out.add(p);
      }
    }
    return out;
  }

  private List<Path> all() {
    List<Path> all = new ArrayList<>(attributes);
    all.addAll(excluded);
    return all;
  }

  /** An attribute being projected: its name, and whether its whole extension was requested. */
  private record Scope(String name, boolean wholeRequested) {}

  private Optional<JsonNode> projectAttribute(
      AttributeDefinition def, JsonNode value, Scope scope, List<Path> inScope) {
    Returned returned = def == null ? Returned.DEFAULT : def.returned();
    if (returned == Returned.NEVER) {
      return Optional.empty();
    }
    List<Path> asked = matching(attributes, inScope, scope.name());
    List<Path> dropped = matching(excluded, inScope, scope.name());
    boolean askedWhole = scope.wholeRequested() || asked.stream().anyMatch(p -> p.sub() == null);
    List<String> askedSubs = subs(asked);
    if (returned == Returned.ALWAYS) {
      return nonEmpty(filterSubs(def, value, List.of(), List.of()));
    }
    if (!attributes.isEmpty()) {
      if (askedWhole) {
        return nonEmpty(filterSubs(def, value, List.of(), subs(dropped)));
      }
      if (askedSubs.isEmpty() || !value.isContainerNode()) {
        return Optional.empty();
      }
      return nonEmpty(filterSubs(def, value, askedSubs, subs(dropped)));
    }
    if (returned == Returned.REQUEST || dropped.stream().anyMatch(p -> p.sub() == null)) {
      return Optional.empty();
    }
    return nonEmpty(filterSubs(def, value, List.of(), subs(dropped)));
  }

  private static List<Path> matching(List<Path> from, List<Path> inScope, String name) {
    List<Path> out = new ArrayList<>();
    for (Path p : from) {
      if (inScope.contains(p) && p.names(name)) {
        out.add(p);
      }
    }
    return out;
  }

  private static List<String> subs(List<Path> paths) {
    List<String> out = new ArrayList<>();
    for (Path p : paths) {
      if (p.sub() != null) {
        out.add(p.sub().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /**
   * A copy of a value with sub-attributes filtered: never returned ones dropped, request ones only
   * when named in {@code only}; when {@code only} is not empty, just those (and always ones);
   * {@code except} dropped unless always returned. Non-complex values are copied as they are.
   */
  private static JsonNode filterSubs(
      AttributeDefinition def, JsonNode value, List<String> only, List<String> except) {
    if (value.isArray()) {
      ArrayNode out = Json.array();
      for (JsonNode element : value) {
        JsonNode filtered = filterSubs(def, element, only, except);
        if (!(filtered.isObject() && filtered.isEmpty())) {
          out.add(filtered);
        }
      }
      return out;
    }
    if (!value.isObject()) {
      return value.deepCopy();
    }
    ObjectNode out = Json.object();
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String name = field.getKey();
      Returned returned =
          def == null
              ? Returned.DEFAULT
              : def.subAttribute(name).map(AttributeDefinition::returned).orElse(Returned.DEFAULT);
      String key = name.toLowerCase(Locale.ROOT);
      boolean keep =
          switch (returned) {
            case ALWAYS -> true;
            case NEVER -> false;
            case REQUEST -> only.contains(key) && !except.contains(key);
            case DEFAULT -> (only.isEmpty() || only.contains(key)) && !except.contains(key);
          };
      if (keep) {
        out.set(name, field.getValue().deepCopy());
      }
    }
    return out;
  }

  private static Optional<JsonNode> nonEmpty(JsonNode value) {
    return value.isContainerNode() && value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  // ---- parsing ----

  private static List<Path> parse(String list) {
    List<Path> out = new ArrayList<>();
    if (list == null || list.isBlank()) {
      return out;
    }
    for (String item : list.split(",")) {
      String text = item.trim();
      if (!text.isEmpty()) {
        out.add(Path.parse(text));
      }
    }
    return out;
  }

  private static boolean isUrn(String key) {
    return key.regionMatches(true, 0, "urn:", 0, 4);
  }

  /**
   * One path of a parameter: {@code a}, {@code a.b}, {@code urn:...:a} or {@code urn:...:a.b}. For
   * a URN alone ({@code urn:...:enterprise:2.0:User}) the last URN segment is the "attribute".
   */
  private record Path(String urn, String attribute, String sub) {
    static Path parse(String text) {
      String urn = null;
      String rest = text;
      if (isUrn(text)) {
        int colon = text.lastIndexOf(':');
        urn = text.substring(0, colon);
        rest = text.substring(colon + 1);
      }
      int dot = rest.indexOf('.');
      if (dot < 0) {
        return new Path(urn, rest, null);
      }
      return new Path(urn, rest.substring(0, dot), rest.substring(dot + 1));
    }

    boolean names(String attributeName) {
      return attribute.equalsIgnoreCase(attributeName);
    }

    /** Whether this path is exactly the given extension URN. */
    boolean isWhole(String extensionUrn) {
      return urn != null && sub == null && (urn + ":" + attribute).equalsIgnoreCase(extensionUrn);
    }

    boolean urnMatches(String extensionUrn) {
      return urn != null && urn.equalsIgnoreCase(extensionUrn);
    }

    boolean coreScoped() {
      return urn == null
          || urn.toLowerCase(Locale.ROOT).startsWith("urn:ietf:params:scim:schemas:core:");
    }

    boolean resolvesIn(AttributeResolver resolver) {
      return !attribute.isEmpty()
          && resolver.resolve(new AttributePath(urn, attribute, sub)).isPresent();
    }
  }
}
