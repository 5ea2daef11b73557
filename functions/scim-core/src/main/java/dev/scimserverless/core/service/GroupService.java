package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.change.ChangeContext;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.document.Projection;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.filter.FilterEvaluator;
import dev.scimserverless.core.filter.FilterVisitor;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributePath;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TenantStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code /Groups}: the group's own attributes are a stored document like a user's; its {@code
 * members} are membership items in the {@link MembershipStore}, changed one by one (never by
 * rewriting a list) and read only when the response shows them.
 *
 * <p>A group with more than {@link #MAX_MEMBERS_IN_RESPONSE} members cannot be returned with its
 * members (a Lambda response holds 6 MB): such a GET is a 400 {@code tooMany} that tells the client
 * to exclude members; membership is then tested with {@code members[value eq "id"]}.
 */
public final class GroupService implements ResourceOperations {
  /** The most members one response carries (about 4 MB of JSON with $ref). */
  public static final int MAX_MEMBERS_IN_RESPONSE = 20_000;

  private static final int MEMBER_PAGE = 1_000;

  private final ResourceService resources;
  private final ScimStore stores;
  private final FilterEvaluator memberFilters;

  /**
   * @param resources the generic service of the Group type, built with {@link #queryExtensions()}
   */
  public GroupService(ResourceService resources, ScimStore stores, FilterEvaluator memberFilters) {
    this.resources = resources;
    this.stores = stores;
    this.memberFilters = memberFilters;
  }

  @Override
  public ResourceType type() {
    return ResourceType.GROUP;
  }

  /** Okta's and Entra ID's group flows expect a PATCH to answer 204. */
  @Override
  public boolean patchAnswersNoContent() {
    return true;
  }

  @Override
  public ScimResource create(TenantId tenant, ObjectNode input, Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    ObjectNode body = input.deepCopy();
    Optional<List<String>> members = Members.extract(body);
    resources.read(body); // validate the group before checking members
    members.ifPresent(ids -> requireUsers(scope, ids));
    ScimResource group = resources.create(scope, body);
    if (members.isPresent() && !members.get().isEmpty()) {
      try {
        ProvisioningChange change =
            ChangeContext.memberChange(
                resources.clock(),
                scope.tenant().value(),
                group.id(),
                ProvisioningChange.Operation.CREATE,
                members.get(),
                List.of());
        store(
            () ->
                scope
                    .memberships()
                    .addMembers(
                        group.id(),
                        members.get(),
                        now(),
                        OptionalLong.empty(),
                        Optional.of(change)));
        ChangeContext.committed(change);
      } catch (RuntimeException e) {
        // All or nothing: a POST that answers an error must leave no group behind, or the IdP's
        // retry would meet 409 uniqueness.
        try {
          resources.delete(scope, group.id(), Optional.empty());
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
      return written(scope, group.id(), projection);
    }
    return withMembers(scope, group, projection);
  }

  @Override
  public ScimResource get(TenantId tenant, String id, Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    return withMembers(scope, resources.get(scope, id), projection);
  }

  /** PUT: attributes replaced; {@code members}, when given, diffed into adds and removes. */
  @Override
  public ScimResource replace(
      TenantId tenant,
      String id,
      ObjectNode input,
      Optional<String> ifMatch,
      Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    ObjectNode body = input.deepCopy();
    Optional<List<String>> members = Members.extract(body);
    resources.read(body);
    members.ifPresent(ids -> requireUsers(scope, ids));
    resources.replace(scope, id, body, ifMatch);
    members.ifPresent(
        ids ->
            apply(
                scope,
                id,
                new MemberChange.ReplaceAll(ids),
                Precondition.none(),
                ProvisioningChange.Operation.REPLACE));
    return written(scope, id, projection);
  }

  @Override
  public ScimResource patch(
      TenantId tenant,
      String id,
      List<PatchOperation> operations,
      Optional<String> ifMatch,
      Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    GroupPatchPlan plan = GroupPatchPlan.of(operations);
    List<String> added = new ArrayList<>();
    for (MemberChange c : plan.memberChanges()) {
      if (c instanceof MemberChange.Add a) {
        added.addAll(a.userIds());
      } else if (c instanceof MemberChange.ReplaceAll r) {
        added.addAll(r.userIds());
      }
    }
    Precondition precondition = Precondition.none();
    if (!plan.attributeOperations().isEmpty()) {
      if (!added.isEmpty()) {
        resources.get(scope, id); // 404 before 400 for members
        requireUsers(scope, added);
      }
      resources.patch(scope, id, plan.attributeOperations(), ifMatch); // checks If-Match atomically
    } else {
      ScimResource current = resources.get(scope, id);
      ETags.checkIfMatch(ifMatch, current.version());
      requireUsers(scope, added);
      // RFC 7644 §3.14: the check must hold at the write, so the first membership write is
      // conditioned on the version the check saw (a change in between is 412).
      precondition = Precondition.of(ifMatch, current.version());
    }
    for (MemberChange c : plan.memberChanges()) {
      apply(scope, id, c, precondition, ProvisioningChange.Operation.PATCH);
    }
    return written(scope, id, projection);
  }

  @Override
  public void delete(TenantId tenant, String id, Optional<String> ifMatch) {
    TenantStore scope = stores.forTenant(tenant);
    resources.delete(scope, id, ifMatch); // the store deletes the membership items
  }

  @Override
  public ListResult list(TenantId tenant, ListQuery query, Projection projection) {
    TenantStore scope = stores.forTenant(tenant);
    ListResult page = resources.list(scope, query);
    if (projection.excludes("members")) {
      return page;
    }
    List<ScimResource> out = new ArrayList<>();
    int budget = MAX_MEMBERS_IN_RESPONSE;
    for (ScimResource g : page.resources()) {
      List<String> ids = memberIds(scope, g.id(), budget);
      budget -= ids.size();
      out.add(withMemberIds(g, ids));
    }
    return page.withResources(out);
  }

  /**
   * The answer to a write (POST, PUT, PATCH) that has been applied: like a GET, except that a group
   * over the response cap comes back without members rather than as an error, since failing after
   * the change would make the IdP retry a write that succeeded.
   */
  private ScimResource written(TenantStore scope, String id, Projection projection) {
    ScimResource group = resources.get(scope, id);
    try {
      return withMembers(scope, group, projection);
    } catch (ScimException tooMany) {
      if (tooMany.scimType().orElse(null) != dev.scimserverless.core.error.ScimType.tooMany) {
        throw tooMany;
      }
      return group;
    }
  }

  private ScimResource withMembers(TenantStore scope, ScimResource group, Projection projection) {
    if (projection.excludes("members")) {
      return group;
    }
    return withMemberIds(group, memberIds(scope, group.id(), MAX_MEMBERS_IN_RESPONSE));
  }

  private static ScimResource withMemberIds(ScimResource group, List<String> ids) {
    ObjectNode doc = group.document().deepCopy();
    doc.remove("members"); // membership lives in the membership store only
    if (!ids.isEmpty()) {
      doc.set("members", Members.toJson(ids));
    }
    return new ScimResource(
        group.type(), group.id(), doc, group.version(), group.created(), group.lastModified());
  }

  /** All member ids, or 400 tooMany when there are more than {@code limit}. */
  private List<String> memberIds(TenantStore scope, String groupId, int limit) {
    List<String> ids = new ArrayList<>();
    Optional<String> after = Optional.empty();
    do {
      Optional<String> from = after;
      MembershipStore.MemberPage page =
          store(() -> scope.memberships().members(groupId, from, MEMBER_PAGE));
      ids.addAll(page.userIds());
      if (ids.size() > limit) {
        throw ScimException.tooMany(
            "The response would hold more than "
                + MAX_MEMBERS_IN_RESPONSE
                + " group members. Request the group with excludedAttributes=members, and test"
                + " membership with filter=members[value eq \"<user id>\"].");
      }
      after = page.nextAfterUserId();
    } while (after.isPresent());
    return ids;
  }

  private List<String> allMemberIds(TenantStore scope, String groupId) {
    return memberIds(scope, groupId, Integer.MAX_VALUE);
  }

  private void apply(
      TenantStore scope,
      String groupId,
      MemberChange change,
      Precondition precondition,
      ProvisioningChange.Operation operation) {
    if (change instanceof MemberChange.Add a) {
      if (!a.userIds().isEmpty()) {
        add(scope, groupId, a.userIds(), precondition, operation);
      }
    } else if (change instanceof MemberChange.Remove r) {
      if (!r.userIds().isEmpty()) {
        remove(scope, groupId, r.userIds(), precondition, operation);
      }
    } else if (change instanceof MemberChange.RemoveAll) {
      List<String> current = allMemberIds(scope, groupId);
      if (!current.isEmpty()) {
        remove(scope, groupId, current, precondition, operation);
      }
    } else if (change instanceof MemberChange.RemoveMatching m) {
      Predicate<JsonNode> test = memberFilters.compile(m.filter());
      List<String> matching = new ArrayList<>();
      for (String id : allMemberIds(scope, groupId)) {
        ObjectNode member = Json.object().put("value", id).put("type", "User");
        if (test.test(member)) {
          matching.add(id);
        }
      }
      if (!matching.isEmpty()) {
        remove(scope, groupId, matching, precondition, operation);
      }
    } else if (change instanceof MemberChange.ReplaceAll r) {
      Set<String> wanted = new LinkedHashSet<>(r.userIds());
      Set<String> current = new HashSet<>(allMemberIds(scope, groupId));
      List<String> removes = current.stream().filter(id -> !wanted.contains(id)).sorted().toList();
      List<String> adds = wanted.stream().filter(id -> !current.contains(id)).toList();
      if (!adds.isEmpty()) {
        add(scope, groupId, adds, precondition, operation);
      }
      if (!removes.isEmpty()) {
        remove(scope, groupId, removes, precondition, operation);
      }
    }
  }

  private void add(
      TenantStore scope,
      String groupId,
      List<String> userIds,
      Precondition precondition,
      ProvisioningChange.Operation operation) {
    OptionalLong expected = precondition.take();
    ProvisioningChange change =
        ChangeContext.memberChange(
            resources.clock(), scope.tenant().value(), groupId, operation, userIds, List.of());
    conditioned(
        expected,
        () ->
            scope.memberships().addMembers(groupId, userIds, now(), expected, Optional.of(change)));
    ChangeContext.committed(change);
  }

  private void remove(
      TenantStore scope,
      String groupId,
      List<String> userIds,
      Precondition precondition,
      ProvisioningChange.Operation operation) {
    OptionalLong expected = precondition.take();
    ProvisioningChange change =
        ChangeContext.memberChange(
            resources.clock(), scope.tenant().value(), groupId, operation, List.of(), userIds);
    conditioned(
        expected,
        () ->
            scope
                .memberships()
                .removeMembers(groupId, userIds, now(), expected, Optional.of(change)));
    ChangeContext.committed(change);
  }

  /** A store call; with an expected version, its VersionConflict is 412 (If-Match failed). */
  private static void conditioned(OptionalLong expected, Runnable call) {
    StoreErrors.run(ResourceType.GROUP, expected.isPresent(), call);
  }

  /**
   * The group version that the first membership write of a request must find, from an {@code
   * If-Match} checked on a read; taken by that write, so later writes (after our own version bump)
   * are not conditioned.
   */
  private static final class Precondition {
    private OptionalLong version;

    private Precondition(OptionalLong version) {
      this.version = version;
    }

    static Precondition none() {
      return new Precondition(OptionalLong.empty());
    }

    /** The checked version, unless there is no If-Match or it is {@code *} (any version). */
    static Precondition of(Optional<String> ifMatch, long checkedVersion) {
      boolean anyVersion =
          ifMatch.isEmpty()
              || java.util.Arrays.stream(ifMatch.get().split(","))
                  .anyMatch(tag -> tag.trim().equals("*"));
      return new Precondition(anyVersion ? OptionalLong.empty() : OptionalLong.of(checkedVersion));
    }

    /** The version for the next write; empty from then on. */
    OptionalLong take() {
      OptionalLong taken = version;
      version = OptionalLong.empty();
      return taken;
    }
  }

  /** 400 invalidValue, before anything is written, when a member is not a user of the tenant. */
  private void requireUsers(TenantStore scope, List<String> userIds) {
    if (userIds.isEmpty()) {
      return;
    }
    Set<String> missing = store(() -> scope.memberships().missingUsers(userIds));
    if (!missing.isEmpty()) {
      throw ScimException.invalidValue(
          "Members must be users of this organization; unknown: "
              + String.join(", ", missing.stream().sorted().limit(10).toList())
              + ".");
    }
  }

  private java.time.Instant now() {
    return resources.clock().instant();
  }

  private static <T> T store(java.util.function.Supplier<T> call) {
    return StoreErrors.call(ResourceType.GROUP, call);
  }

  private static void store(Runnable call) {
    StoreErrors.run(ResourceType.GROUP, call);
  }

  /**
   * Query planning for groups: {@code members[value eq "u"]} is a key lookup (the user's groups),
   * and a filter on members sees only the members it asks about (one key lookup each), so no member
   * list is ever read to answer such a filter.
   */
  public static QueryExtensions queryExtensions() {
    return new QueryExtensions() {
      @Override
      public Optional<List<String>> candidateIds(TenantStore scope, Filter term) {
        Optional<List<String>> users = memberValues(term);
        if (users.isEmpty() || users.get().size() != 1) {
          return Optional.empty();
        }
        String user = users.get().get(0);
        if (!Ids.canExist(user)) {
          return Optional.of(List.of());
        }
        return Optional.of(store(() -> scope.memberships().groupsOf(user)));
      }

      @Override
      public JsonNode view(TenantStore scope, Filter filter, ScimResource group) {
        ObjectNode doc = group.toJson("");
        List<String> asked = new ArrayList<>();
        if (!collectMemberValues(filter, asked)) {
          return doc; // no members term
        }
        List<String> present = new ArrayList<>();
        for (String userId : asked) {
          if (Ids.canExist(userId)
              && store(() -> scope.memberships().isMember(group.id(), userId))) {
            present.add(userId);
          }
        }
        doc.set("members", Members.toJson(present));
        return doc;
      }
    };
  }

  /** The user ids of a {@code members[value eq "u"]} term. */
  private static Optional<List<String>> memberValues(Filter term) {
    if (term instanceof Filter.Comparison c
        && c.op() == dev.scimserverless.core.filter.CompareOp.EQ
        && c.path().attribute().equalsIgnoreCase("members")
        && "value".equalsIgnoreCase(c.path().subAttribute())
        && c.value().isTextual()) {
      return Optional.of(List.of(c.value().asText())); // members.value eq "u"
    }
    if (term instanceof Filter.ValuePath vp
        && vp.path().attribute().equalsIgnoreCase("members")
        && vp.path().subAttribute() == null) {
      return GroupPatchPlan.valueEqualities(vp.filter());
    }
    return Optional.empty();
  }

  /**
   * Collects the user ids of every members term; true if there is any. A members term of another
   * shape is refused: it would need the whole member list.
   */
  private static boolean collectMemberValues(Filter filter, List<String> out) {
    return filter.accept(
        new FilterVisitor.OverTerms<Boolean>() {
          @Override
          protected Boolean term(Filter term, AttributePath path) {
            if (!path.attribute().equalsIgnoreCase("members")) {
              return false;
            }
            Optional<List<String>> ids = memberValues(term);
            if (ids.isEmpty()) {
              throw ScimException.invalidFilter(
                  "Group filters on members support members[value eq \"<user id>\"] only.");
            }
            out.addAll(ids.get());
            return true;
          }

          @Override
          protected Boolean both(Boolean left, Boolean right) {
            return left || right;
          }
        });
  }
}
