package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.Projection;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A search over every resource type at once: {@code POST /.search} (RFC 7644 §3.4.3). Each type is
 * queried through its own {@link ResourceOperations} (so its query plan, computed attributes and
 * limits apply); the results are joined:
 *
 * <ul>
 *   <li>without {@code sortBy}: all matching Users, then all matching Groups; index paging counts
 *       across both, cursor paging continues in the type where the previous page stopped;
 *   <li>with {@code sortBy}: merged in sort order; a type without that attribute sorts as having no
 *       value. The merge reads the first {@code startIndex - 1 + count} results of each type, at
 *       most {@link QueryLimits#maxResults} (beyond, 400 {@code tooMany}: search each type's
 *       endpoint instead); with cursor paging the cursor holds the next start index.
 * </ul>
 *
 * <p>{@code totalResults} is the sum over the types; with cursor paging (unsorted) it is given only
 * on pages that queried every type.
 */
public final class RootSearch {
  private final List<ResourceOperations> types;
  private final SchemaRegistry registry;
  private final QueryLimits limits;

  /**
   * @param types the resource types, in the order their results are joined
   */
  public RootSearch(List<ResourceOperations> types, SchemaRegistry registry, QueryLimits limits) {
    this.types = List.copyOf(types);
    this.registry = registry;
    this.limits = limits;
  }

  public RootSearch(List<ResourceOperations> types, SchemaRegistry registry) {
    this(types, registry, QueryLimits.STANDARD);
  }

  /** One page of the search. */
  public ListResult search(TenantId tenant, ListQuery query, Projection projection) {
    if (query.sortBy().isPresent()) {
      return sorted(tenant, query, projection);
    }
    return query.cursorPaging()
        ? concatenatedByCursor(tenant, query, projection)
        : concatenatedByIndex(tenant, query, projection);
  }

  private ListResult concatenatedByIndex(TenantId tenant, ListQuery query, Projection projection) {
    int count = limits.pageSize(query.count());
    List<ScimResource> page = new ArrayList<>();
    long total = 0;
    for (ResourceOperations type : types) {
      int startInType = (int) Math.max(1, query.startIndex() - total);
      ListQuery q = query.withStartIndex(startInType).withCount(count - page.size());
      ListResult r = type.list(tenant, q, projection);
      page.addAll(r.resources());
      total += r.totalResults().orElse(r.resources().size());
    }
    return ListResult.indexPage(page, total, query.startIndex());
  }

  private ListResult concatenatedByCursor(TenantId tenant, ListQuery query, Projection projection) {
    int count = limits.pageSize(query.count());
    if (count == 0) {
      long total = 0;
      for (ResourceOperations type : types) {
        total +=
            type.list(tenant, query.withStartIndex(1).withCount(0), projection)
                .totalResults()
                .orElse(0);
      }
      return ListResult.cursorPage(List.of(), OptionalLong.of(total), Optional.empty());
    }
    String fingerprint = fingerprint(query);
    int first = 0;
    String inner = "";
    String text = query.cursor().orElse("");
    if (!text.isEmpty()) {
      ObjectNode c = QueryCursor.decodeObject(text);
      JsonNode t = c.path("t");
      if (!fingerprint.equals(c.path("f").textValue())
          || !t.isInt()
          || t.intValue() < 0
          || t.intValue() >= types.size()
          || !c.path("c").isTextual()) {
        throw QueryCursor.invalid();
      }
      first = t.intValue();
      inner = c.path("c").textValue();
    }
    List<ScimResource> page = new ArrayList<>();
    boolean allTotals = first == 0;
    long total = 0;
    Optional<String> next = Optional.empty();
    for (int i = first; i < types.size(); i++) {
      int want = count - page.size();
      if (want == 0) {
        next = Optional.of(cursor(fingerprint, i, ""));
        allTotals = false;
        break;
      }
      ListQuery q = query.withCursor(i == first ? inner : "").withCount(want);
      ListResult r = types.get(i).list(tenant, q, projection);
      page.addAll(r.resources());
      if (r.totalResults().isPresent()) {
        total += r.totalResults().getAsLong();
      } else {
        allTotals = false;
      }
      if (r.nextCursor().isPresent()) {
        next = Optional.of(cursor(fingerprint, i, r.nextCursor().get()));
        allTotals &= i == types.size() - 1;
        break;
      }
    }
    return ListResult.cursorPage(
        page, allTotals ? OptionalLong.of(total) : OptionalLong.empty(), next);
  }

  private ListResult sorted(TenantId tenant, ListQuery query, Projection projection) {
    int count = limits.pageSize(query.count());
    String fingerprint = fingerprint(query);
    int start =
        query.cursorPaging() ? offset(query.cursor().get(), fingerprint) : query.startIndex();
    long window = start - 1L + count;
    if (window > limits.maxResults()) {
      throw ScimException.tooMany(
          "A sorted search over all resource types returns only its first "
              + limits.maxResults()
              + " results. Search /Users/.search and /Groups/.search separately to page further.");
    }
    boolean descending = query.descending();
    List<Optional<SortSpec>> specs =
        types.stream().map(t -> sortOf(query.sortBy().get(), descending, t)).toList();
    if (specs.stream().noneMatch(Optional::isPresent)) {
      throw ScimException.invalidValue(
          "sortBy names no attribute of any resource type: '" + query.sortBy().get() + "'.");
    }
    List<Positioned> merged = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < types.size(); i++) {
      ResourceOperations type = types.get(i);
      Optional<SortSpec> spec = specs.get(i);
      // a type without the attribute is in id order: how the merge orders its resources
      ListQuery q =
          query
              .withStartIndex(1)
              .withCount((int) window)
              .withSort(spec.isPresent() ? query.sortBy() : Optional.of("id"), descending);
      ListResult r = type.list(tenant, q, projection);
      total += r.totalResults().orElse(r.resources().size());
      for (ScimResource res : r.resources()) {
        JsonNode key = spec.map(s -> s.key(res.toJson(""))).orElse(NullNode.getInstance());
        merged.add(new Positioned(new SortSpec.SortPosition(key, res.id()), res));
      }
    }
    Comparator<SortSpec.SortPosition> order =
        descending ? SortSpec.SortPosition.ASCENDING.reversed() : SortSpec.SortPosition.ASCENDING;
    merged.sort(Comparator.comparing(Positioned::position, order));
    int from = (int) Math.min(start - 1L, merged.size());
    int to = (int) Math.min(window, merged.size());
    List<ScimResource> page = merged.subList(from, to).stream().map(Positioned::resource).toList();
    if (!query.cursorPaging()) {
      return ListResult.indexPage(page, total, start);
    }
    Optional<String> next =
        window < total && count > 0
            ? Optional.of(offsetCursor(fingerprint, start + count))
            : Optional.empty();
    return ListResult.cursorPage(page, OptionalLong.of(total), next);
  }

  private record Positioned(SortSpec.SortPosition position, ScimResource resource) {}

  private Optional<SortSpec> sortOf(String sortBy, boolean descending, ResourceOperations type) {
    try {
      return Optional.of(SortSpec.of(sortBy, descending, registry.resolver(type.type())));
    } catch (ScimException unknownToThisType) {
      return Optional.empty();
    }
  }

  private static String fingerprint(ListQuery query) {
    return QueryCursor.digest(
        "/.search\n"
            + query.filter().orElse("").trim()
            + "\n"
            + query.sortBy().orElse("").trim().toLowerCase(Locale.ROOT)
            + " "
            + query.descending());
  }

  private static String cursor(String fingerprint, int type, String inner) {
    ObjectNode n = Json.object();
    n.put("f", fingerprint).put("t", type).put("c", inner);
    return QueryCursor.encodeObject(n);
  }

  private static String offsetCursor(String fingerprint, int start) {
    ObjectNode n = Json.object();
    n.put("f", fingerprint).put("o", start);
    return QueryCursor.encodeObject(n);
  }

  private static int offset(String text, String fingerprint) {
    if (text.isEmpty()) {
      return 1;
    }
    ObjectNode c = QueryCursor.decodeObject(text);
    JsonNode o = c.path("o");
    if (!fingerprint.equals(c.path("f").textValue()) || !o.isInt() || o.intValue() < 1) {
      throw QueryCursor.invalid();
    }
    return o.intValue();
  }
}
