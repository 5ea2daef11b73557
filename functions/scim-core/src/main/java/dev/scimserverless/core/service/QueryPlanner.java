package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.CompareOp;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.filter.FilterEvaluator;
import dev.scimserverless.core.filter.FilterParser;
import dev.scimserverless.core.filter.FilterVisitor;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributePath;
import dev.scimserverless.core.schema.AttributeResolver;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.QueryCursor.AfterId;
import dev.scimserverless.core.service.QueryCursor.AfterKey;
import dev.scimserverless.core.service.QueryCursor.AfterSort;
import dev.scimserverless.core.service.QueryCursor.Position;
import dev.scimserverless.core.store.ResourcePage;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantStore;
import dev.scimserverless.core.store.UniqueKeyPage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a list query into store calls (docs/data-model.md, "Query"), cheapest plan first:
 *
 * <ol>
 *   <li><b>key lookup</b>: a filter that is, or is and-ed with, an equality on {@code id}, the
 *       unique attribute ({@code userName} / group {@code displayName}), {@code externalId}, or a
 *       term the type's {@link QueryExtensions} answers by key (group {@code members[value eq]}),
 *       or an {@code or} of such terms, reads only those resources; the filter, sorting and paging
 *       are then applied in memory;
 *   <li><b>unique-key order</b>: no filter, index paging or {@code sortBy} the unique attribute:
 *       walks the small key items of the unique-key index in order (skipping {@code startIndex - 1}
 *       of them) and reads the page's resources with one BatchGetItem;
 *   <li><b>id order</b>: no filter, cursor paging, no sortBy: reads the page from the resource
 *       partition after the cursor's id;
 *   <li><b>filtered scan</b>: a filter no key answers, cursor paging, no sortBy: reads the
 *       partition from the cursor's id, evaluating the filter, until the page is full or {@link
 *       QueryLimits#maxScanned} resources were read, and returns the position reached as the next
 *       cursor (a page may then be short, even empty, with a next cursor);
 *   <li><b>in-memory scan</b>: every other case (a filter no key answers with index paging, or a
 *       {@code sortBy} no index orders): reads the whole partition (at most {@link
 *       QueryLimits#maxScanned} resources, else 400 {@code tooMany}), filters, sorts and pages in
 *       memory.
 * </ol>
 *
 * <p>{@code count=0} asks only for {@code totalResults}: the counter when there is no filter.
 */
final class QueryPlanner {
  /** Most resources read per store call when scanning (DynamoDB stops at 1 MB, ~1,250 users). */
  private static final int SCAN_PAGE = 1_000;

  /** Most keys read per store call when walking the unique-key index (~1 MB of key items). */
  private static final int INDEX_PAGE = 10_000;

  private final ResourceType type;
  private final KeyPolicy keys;
  private final AttributeResolver resolver;
  private final FilterEvaluator evaluator;
  private final QueryExtensions extensions;
  private final QueryLimits limits;

  QueryPlanner(
      ResourceType type,
      SchemaRegistry registry,
      KeyPolicy keys,
      QueryExtensions extensions,
      QueryLimits limits) {
    this.type = type;
    this.keys = keys;
    this.resolver = registry.resolver(type);
    this.evaluator = new FilterEvaluator(resolver);
    this.extensions = extensions;
    this.limits = limits;
  }

  /** A query checked and compiled: everything the plans need. */
  private record Compiled(
      TenantStore scope,
      Optional<Filter> filter,
      Predicate<JsonNode> test,
      Optional<SortSpec> sort,
      int count,
      int startIndex,
      boolean cursorPaging,
      Optional<Position> after,
      String fingerprint) {}

  ListResult run(TenantStore scope, ListQuery query) {
    Compiled q = compile(scope, query);
    if (q.filter().isPresent()) {
      Optional<List<String>> ids = keyCandidates(scope, q.filter().get());
      if (ids.isPresent()) {
        List<StoredResource> candidates =
            ids.get().isEmpty() ? List.of() : scope.resources().getAll(type, ids.get());
        return inMemory(q, matching(q, candidates));
      }
    }
    if (q.count() == 0) {
      return countOnly(q);
    }
    if (q.filter().isEmpty()) {
      if (q.sort().isEmpty()) {
        return q.cursorPaging() ? idOrder(q) : uniqueKeyOrder(q, false);
      }
      if (q.sort().get().isCoreAttribute(keys.uniqueAttribute(), type.schema())) {
        return uniqueKeyOrder(q, q.sort().get().descending());
      }
    } else if (q.sort().isEmpty() && q.cursorPaging()) {
      return filteredScan(q);
    }
    return inMemory(q, matching(q, readAll(q)));
  }

  private Compiled compile(TenantStore scope, ListQuery query) {
    Optional<Filter> filter = query.filter().map(FilterParser::parse);
    Predicate<JsonNode> test = filter.map(evaluator::compile).orElse(r -> true);
    Optional<SortSpec> sort = query.sortBy().map(s -> SortSpec.of(s, query.descending(), resolver));
    String fingerprint = QueryCursor.fingerprint(type, filter, sort);
    Optional<Position> after = query.cursor().flatMap(c -> QueryCursor.decode(c, fingerprint));
    return new Compiled(
        scope,
        filter,
        test,
        sort,
        limits.pageSize(query.count()),
        query.startIndex(),
        query.cursorPaging(),
        after,
        fingerprint);
  }

  // ---------------------------------------------------------------- plans

  /** {@code count=0}: only the total. */
  private ListResult countOnly(Compiled q) {
    long total =
        q.filter().isEmpty() ? q.scope().resources().count(type) : matching(q, readAll(q)).size();
    return q.cursorPaging()
        ? ListResult.cursorPage(List.of(), OptionalLong.of(total), Optional.empty())
        : ListResult.indexPage(List.of(), total, q.startIndex());
  }

  /** No filter, cursor paging, no sort: the resource partition from the cursor's id on. */
  private ListResult idOrder(Compiled q) {
    Optional<String> after = q.after().map(p -> expect(p, AfterId.class).id());
    ResourcePage page = q.scope().resources().list(type, after, q.count());
    long total = q.scope().resources().count(type);
    List<ScimResource> resources = page.items().stream().map(ScimResource::from).toList();
    return ListResult.cursorPage(
        resources,
        OptionalLong.of(total),
        page.nextAfterId().map(id -> QueryCursor.encode(new AfterId(id), q.fingerprint())));
  }

  /** No filter, in the unique attribute's order: walk the key index, then read the page. */
  private ListResult uniqueKeyOrder(Compiled q, boolean descending) {
    String attribute = keys.uniqueAttribute();
    long total = q.scope().resources().count(type);
    if (q.cursorPaging()) {
      Optional<String> after = q.after().map(p -> expect(p, AfterKey.class).value());
      UniqueKeyPage page =
          q.scope().resources().listUniqueKeys(type, attribute, after, descending, q.count());
      List<String> ids = page.entries().stream().map(UniqueKeyPage.Entry::id).toList();
      return ListResult.cursorPage(
          read(q.scope(), ids),
          OptionalLong.of(total),
          page.nextAfterValue().map(v -> QueryCursor.encode(new AfterKey(v), q.fingerprint())));
    }
    long skip = q.startIndex() - 1L;
    if (skip >= total) {
      return ListResult.indexPage(List.of(), total, q.startIndex());
    }
    if (skip > limits.maxIndexSkip()) {
      throw ScimException.tooMany(
          "startIndex "
              + q.startIndex()
              + " is beyond the "
              + limits.maxIndexSkip()
              + " resources that index paging may skip in one request. Page through large"
              + " collections with cursor paging (RFC 9865): cursor= on the first request, then"
              + " each nextCursor.");
    }
    List<String> ids = new ArrayList<>();
    long skipped = 0;
    Optional<String> after = Optional.empty();
    while (ids.size() < q.count()) {
      int want = (int) Math.min(INDEX_PAGE, (skip - skipped) + (q.count() - ids.size()));
      UniqueKeyPage page =
          q.scope().resources().listUniqueKeys(type, attribute, after, descending, want);
      for (UniqueKeyPage.Entry e : page.entries()) {
        if (skipped < skip) {
          skipped++;
        } else if (ids.size() < q.count()) {
          ids.add(e.id());
        }
      }
      if (page.nextAfterValue().isEmpty()) {
        break;
      }
      after = page.nextAfterValue();
    }
    return ListResult.indexPage(read(q.scope(), ids), total, q.startIndex());
  }

  /**
   * A filter no key answers, cursor paging, id order: read on from the cursor's id until the page
   * is full or the scan budget is spent. Reads grow from a small first chunk (twice the page, at
   * least 50) to {@link #SCAN_PAGE}, so that a selective filter reads in large steps and a broad
   * one little beyond its page. The next cursor is the last match when more matches follow it in
   * what was read, else the last id read: nothing before it is ever read again. The total is known
   * only when this request read the whole partition.
   */
  private ListResult filteredScan(Compiled q) {
    Optional<String> after = q.after().map(p -> expect(p, AfterId.class).id());
    boolean fromStart = after.isEmpty();
    List<ScimResource> matched = new ArrayList<>();
    int scanned = 0;
    int chunk = Math.max(2 * q.count(), 50);
    String position = null;
    boolean exhausted = false;
    while (true) {
      int want = Math.min(Math.min(chunk, SCAN_PAGE), limits.maxScanned() - scanned);
      ResourcePage page = q.scope().resources().list(type, after, want);
      List<StoredResource> items = page.items();
      scanned += items.size();
      boolean full = false;
      for (StoredResource item : items) {
        ScimResource r = ScimResource.from(item);
        boolean matches = q.test().test(extensions.view(q.scope(), q.filter().get(), r));
        if (full) {
          if (matches) {
            break; // another match: the next page starts right after the last one returned
          }
        } else if (matches) {
          matched.add(r);
          full = matched.size() == q.count();
        }
        position = r.id();
      }
      if (page.nextAfterId().isEmpty()
          && (position == null || items.isEmpty() || position.equals(last(items)))) {
        exhausted = true;
      }
      if (full || exhausted || scanned >= limits.maxScanned()) {
        break;
      }
      after = page.nextAfterId();
      chunk *= 2;
    }
    OptionalLong total =
        fromStart && exhausted ? OptionalLong.of(matched.size()) : OptionalLong.empty();
    Optional<String> next =
        exhausted || position == null
            ? Optional.empty()
            : Optional.of(QueryCursor.encode(new AfterId(position), q.fingerprint()));
    return ListResult.cursorPage(matched, total, next);
  }

  private static String last(List<StoredResource> items) {
    return items.get(items.size() - 1).id();
  }

  /** Sorts the matches (by the sort, else by id) and cuts the page out. */
  private ListResult inMemory(Compiled q, List<ScimResource> matched) {
    Comparator<SortSpec.SortPosition> order =
        q.sort().map(SortSpec::order).orElse(SortSpec.SortPosition.ASCENDING);
    List<Positioned> sorted = new ArrayList<>();
    for (ScimResource r : matched) {
      JsonNode key = q.sort().map(s -> s.key(r.toJson(""))).orElse(NullNode.getInstance());
      sorted.add(new Positioned(new SortSpec.SortPosition(key, r.id()), r));
    }
    sorted.sort(Comparator.comparing(Positioned::position, order));
    long total = sorted.size();
    if (!q.cursorPaging()) {
      int from = (int) Math.min(q.startIndex() - 1L, sorted.size());
      int to = (int) Math.min((long) from + q.count(), sorted.size());
      return ListResult.indexPage(resources(sorted.subList(from, to)), total, q.startIndex());
    }
    int from = 0;
    if (q.after().isPresent()) {
      SortSpec.SortPosition after = expect(q.after().get(), AfterSort.class).position();
      while (from < sorted.size() && order.compare(sorted.get(from).position(), after) <= 0) {
        from++;
      }
    }
    int to = Math.min(from + q.count(), sorted.size());
    Optional<String> next =
        to < sorted.size() && to > from
            ? Optional.of(
                QueryCursor.encode(new AfterSort(sorted.get(to - 1).position()), q.fingerprint()))
            : Optional.empty();
    return ListResult.cursorPage(resources(sorted.subList(from, to)), OptionalLong.of(total), next);
  }

  private record Positioned(SortSpec.SortPosition position, ScimResource resource) {}

  private static List<ScimResource> resources(List<Positioned> positioned) {
    return positioned.stream().map(Positioned::resource).toList();
  }

  // ---------------------------------------------------------------- reading

  /** The resources that match the filter (all of them without one). */
  private List<ScimResource> matching(Compiled q, List<StoredResource> candidates) {
    List<ScimResource> out = new ArrayList<>();
    for (StoredResource s : candidates) {
      ScimResource r = ScimResource.from(s);
      if (q.filter().isEmpty() || q.test().test(extensions.view(q.scope(), q.filter().get(), r))) {
        out.add(r);
      }
    }
    return out;
  }

  /** The whole partition, or 400 tooMany when it holds more than the scan budget. */
  private List<StoredResource> readAll(Compiled q) {
    long size = q.scope().resources().count(type);
    if (size > limits.maxScanned()) {
      throw tooManyToScan(q, size);
    }
    List<StoredResource> out = new ArrayList<>();
    Optional<String> after = Optional.empty();
    do {
      ResourcePage page = q.scope().resources().list(type, after, SCAN_PAGE);
      out.addAll(page.items());
      if (out.size() > limits.maxScanned()) {
        throw tooManyToScan(q, out.size());
      }
      after = page.nextAfterId();
    } while (after.isPresent());
    return out;
  }

  private ScimException tooManyToScan(Compiled q, long size) {
    String why =
        q.sort().isPresent()
            ? "sorting by '" + q.sort().get().path() + "' reads all " + size + " " + plural()
            : "this filter is evaluated over all " + size + " " + plural();
    String remedy =
        q.sort().isPresent()
            ? " Sort by "
                + keys.uniqueAttribute()
                + " (an index orders it), or leave sortBy out and use cursor paging (RFC 9865)."
            : " Use cursor paging (RFC 9865: cursor= on the first request, then each nextCursor),"
                + " which reads on where the previous page stopped, or filter by equality on id, "
                + String.join(" or ", keyAttributes())
                + ".";
    return ScimException.tooMany(
        "The query needs to read more than the "
            + limits.maxScanned()
            + " "
            + plural()
            + " one request may read: "
            + why
            + "."
            + remedy);
  }

  /** The attributes an equality filter finds by key: the unique one, then the lookup ones. */
  private List<String> keyAttributes() {
    List<String> out = new java.util.ArrayList<>();
    out.add(keys.uniqueAttribute());
    out.addAll(keys.lookupAttributes());
    return out;
  }

  private String plural() {
    return type.endpoint().substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  /** Resources by id, in the order given, leaving out any deleted meanwhile. */
  private List<ScimResource> read(TenantStore scope, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return scope.resources().getAll(type, ids).stream().map(ScimResource::from).toList();
  }

  private static <P extends Position> P expect(Position position, Class<P> kind) {
    if (!kind.isInstance(position)) {
      throw QueryCursor.invalid();
    }
    return kind.cast(position);
  }

  // ---------------------------------------------------------------- key lookups

  /**
   * The ids that can match, by key lookups, when the filter is an equality on a key attribute, an
   * {@code and} with one on either side, or an {@code or} of such filters; empty when it is not.
   */
  private Optional<List<String>> keyCandidates(TenantStore scope, Filter filter) {
    return filter.accept(new KeyCandidates(scope));
  }

  /** The walk of {@link #keyCandidates}: {@code and} and {@code or} combine, terms look up. */
  private final class KeyCandidates implements FilterVisitor<Optional<List<String>>> {
    private final TenantStore scope;

    KeyCandidates(TenantStore scope) {
      this.scope = scope;
    }

    @Override
    public Optional<List<String>> visitAnd(Filter.And and) {
      Optional<List<String>> left = and.left().accept(this);
      return left.isPresent() ? left : and.right().accept(this);
    }

    @Override
    public Optional<List<String>> visitOr(Filter.Or or) {
      Optional<List<String>> left = or.left().accept(this);
      if (left.isEmpty()) {
        return Optional.empty();
      }
      Optional<List<String>> right = or.right().accept(this);
      if (right.isEmpty()) {
        return Optional.empty();
      }
      Set<String> union = new LinkedHashSet<>(left.get());
      union.addAll(right.get());
      return Optional.of(List.copyOf(union));
    }

    @Override
    public Optional<List<String>> visitNot(Filter.Not not) {
      return extensions.candidateIds(scope, not);
    }

    @Override
    public Optional<List<String>> visitPresent(Filter.Present present) {
      return extensions.candidateIds(scope, present);
    }

    @Override
    public Optional<List<String>> visitValuePath(Filter.ValuePath valuePath) {
      return extensions.candidateIds(scope, valuePath);
    }

    @Override
    public Optional<List<String>> visitComparison(Filter.Comparison comparison) {
      Optional<List<String>> extra = extensions.candidateIds(scope, comparison);
      return extra.isPresent() ? extra : keyLookup(scope, comparison);
    }
  }

  /** The ids of an equality on the id, the unique attribute or a lookup attribute, if it is one. */
  private Optional<List<String>> keyLookup(TenantStore scope, Filter.Comparison cmp) {
    if (cmp.op() != CompareOp.EQ
        || !cmp.value().isTextual()
        || !isCore(cmp.path())
        || cmp.path().subAttribute() != null) {
      return Optional.empty();
    }
    String attr = cmp.path().attribute();
    String value = cmp.value().asText();
    // a value no resource can hold as a key (KeyPolicy) matches nothing: no store call
    boolean keyable =
        !value.isEmpty()
            && value.length() <= KeyPolicy.MAX_KEY_LENGTH
            && KeyPolicy.normalize(value).getBytes(StandardCharsets.UTF_8).length <= 1024;
    if (attr.equalsIgnoreCase("id")) {
      return Optional.of(keyable ? List.of(value) : List.of());
    }
    if (attr.equalsIgnoreCase(keys.uniqueAttribute())) {
      return Optional.of(
          keyable
              ? scope
                  .resources()
                  .findIdByUniqueKey(type, keys.uniqueAttribute(), KeyPolicy.normalize(value))
                  .map(List::of)
                  .orElse(List.of())
              : List.of());
    }
    for (String lookup : keys.lookupAttributes()) {
      if (attr.equalsIgnoreCase(lookup)) {
        return Optional.of(
            keyable ? scope.resources().findIdsByLookupKey(type, lookup, value) : List.of());
      }
    }
    return Optional.empty();
  }

  private boolean isCore(AttributePath path) {
    return path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(type.schema());
  }
}
