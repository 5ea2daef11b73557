package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.filter.AttributePath;
import dev.scimserverless.core.filter.CompareOp;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.filter.FilterEvaluator;
import dev.scimserverless.core.filter.FilterParser;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.ResourcePage;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.StoredResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns a list query into store calls. Equality on {@code id}, the unique attribute and {@code
 * externalId} (alone or as one side of an {@code and}) is a key lookup; any other filter reads the
 * tenant's resources page by page and evaluates the filter in the service.
 */
final class QueryPlanner {
  /** Page size when no count is given, and the most one page returns (ServiceProviderConfig). */
  static final int DEFAULT_COUNT = 100;

  static final int MAX_RESULTS = ServiceProviderConfig.STANDARD.maxResults();

  /** Items read per store call when scanning. */
  private static final int SCAN_PAGE = 500;

  private final ResourceType type;
  private final ResourceStore store;
  private final KeyPolicy keys;
  private final FilterEvaluator evaluator;
  private final QueryExtensions extensions;

  QueryPlanner(
      ResourceType type,
      ResourceStore store,
      SchemaRegistry registry,
      KeyPolicy keys,
      QueryExtensions extensions) {
    this.type = type;
    this.store = store;
    this.keys = keys;
    this.evaluator = new FilterEvaluator(registry.resolver(type));
    this.extensions = extensions;
  }

  ListResult run(String tenant, ListQuery query) {
    int count = Math.min(query.count().orElse(DEFAULT_COUNT), MAX_RESULTS);
    int start = query.startIndex();
    if (query.filter().isEmpty()) {
      long total = store.count(tenant, type);
      if (count == 0) {
        return new ListResult(List.of(), total, start);
      }
      return new ListResult(readRange(tenant, start - 1, count), total, start);
    }
    Filter filter = FilterParser.parse(query.filter().get());
    List<ScimResource> candidates =
        keyLookup(tenant, filter).orElseGet(() -> readRange(tenant, 0, Integer.MAX_VALUE));
    Predicate<JsonNode> test = evaluator.compile(filter);
    List<ScimResource> matched = new ArrayList<>();
    for (ScimResource r : candidates) {
      if (test.test(extensions.view(tenant, filter, r))) {
        matched.add(r);
      }
    }
    int from = Math.min(start - 1, matched.size());
    int to = (int) Math.min((long) from + count, matched.size());
    return new ListResult(matched.subList(from, to), matched.size(), start);
  }

  private List<ScimResource> readRange(String tenant, int skip, int count) {
    List<ScimResource> out = new ArrayList<>();
    Optional<String> after = Optional.empty();
    int skipped = 0;
    while (out.size() < count) {
      ResourcePage page = store.list(tenant, type, after, SCAN_PAGE);
      for (StoredResource s : page.items()) {
        if (skipped < skip) {
          skipped++;
        } else if (out.size() < count) {
          out.add(ScimResource.from(s));
        }
      }
      if (page.nextAfterId().isEmpty()) {
        break;
      }
      after = page.nextAfterId();
    }
    return out;
  }

  /** Candidates by key when the filter is (or is and-ed with) an equality on a key attribute. */
  private Optional<List<ScimResource>> keyLookup(String tenant, Filter filter) {
    if (filter instanceof Filter.And and) {
      Optional<List<ScimResource>> left = keyLookup(tenant, and.left());
      return left.isPresent() ? left : keyLookup(tenant, and.right());
    }
    Optional<List<String>> extra = extensions.candidateIds(tenant, filter);
    if (extra.isPresent()) {
      return Optional.of(load(tenant, extra.get()));
    }
    if (!(filter instanceof Filter.Comparison cmp)
        || cmp.op() != CompareOp.EQ
        || !cmp.value().isTextual()
        || !isCore(cmp.path())
        || cmp.path().subAttribute() != null) {
      return Optional.empty();
    }
    String attr = cmp.path().attribute();
    String value = cmp.value().asText();
    List<String> ids;
    if (attr.equalsIgnoreCase("id")) {
      ids = List.of(value);
    } else if (attr.equalsIgnoreCase(keys.uniqueAttribute())) {
      ids = store.findIdByUniqueKey(tenant, type, keys.uniqueAttribute(), KeyPolicy.normalize(value))
          .map(List::of)
          .orElse(List.of());
    } else if (attr.equalsIgnoreCase("externalId")) {
      ids = store.findIdsByLookupKey(tenant, type, "externalId", value);
    } else {
      return Optional.empty();
    }
    return Optional.of(load(tenant, ids));
  }

  private List<ScimResource> load(String tenant, List<String> ids) {
    List<ScimResource> found = new ArrayList<>();
    for (String id : ids) {
      store.get(tenant, type, id).map(ScimResource::from).ifPresent(found::add);
    }
    return found;
  }

  private boolean isCore(AttributePath path) {
    return path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(type.schema());
  }

}
