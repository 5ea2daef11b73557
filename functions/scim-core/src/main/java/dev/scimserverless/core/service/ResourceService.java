package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.change.ChangeContext;
import dev.scimserverless.core.change.ChangedAttributes;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.document.ReadResult;
import dev.scimserverless.core.document.ResourceReader;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.patch.PatchEngine;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.patch.PatchResult;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The SCIM operations on one resource type (create, read, replace, modify, delete, list), on top of
 * a tenant's {@link TenantStore}. Validation reads the schema registry; keys come from the {@link
 * KeyPolicy}; store failures become SCIM errors here.
 */
public final class ResourceService {
  /** How often a write without If-Match is retried when another write slipped in between. */
  private static final int WRITE_ATTEMPTS = 5;

  /** The largest stored document: DynamoDB's 400 KB item limit less room for keys and metadata. */
  static final int MAX_DOCUMENT_BYTES = 350_000;

  private final ResourceType type;
  private final ResourceReader reader;
  private final PatchEngine patchEngine;
  private final KeyPolicy keys;
  private final QueryPlanner planner;
  private final Clock clock;
  private final boolean hasActive;

  public ResourceService(ResourceType type, SchemaRegistry registry, Clock clock) {
    this(type, registry, clock, QueryExtensions.NONE);
  }

  public ResourceService(
      ResourceType type, SchemaRegistry registry, Clock clock, QueryExtensions extensions) {
    this(type, registry, clock, extensions, QueryLimits.STANDARD);
  }

  /** With other query limits (tests of the limits). */
  public ResourceService(
      ResourceType type,
      SchemaRegistry registry,
      Clock clock,
      QueryExtensions extensions,
      QueryLimits limits) {
    this.type = type;
    this.reader = new ResourceReader(registry);
    this.patchEngine = new PatchEngine(registry);
    this.keys = new KeyPolicy(type, registry);
    this.planner = new QueryPlanner(type, registry, keys, extensions, limits);
    this.clock = clock;
    this.hasActive =
        registry
            .coreSchema(type)
            .attribute("active")
            .filter(a -> a.type() == dev.scimserverless.core.schema.AttributeType.BOOLEAN)
            .isPresent();
  }

  public ResourceType type() {
    return type;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * POST: validates, assigns id and meta, stores atomically with its unique keys and the change's
   * record.
   */
  public ScimResource create(TenantStore scope, ObjectNode input) {
    ObjectNode document = readInput(input);
    Instant now = ChangeContext.now(clock);
    StoredResource stored =
        new StoredResource(
            type,
            UUID.randomUUID().toString(),
            stored(document),
            1,
            now,
            now,
            keys.uniqueKeys(document),
            keys.lookupKeys(document));
    ScimResource created = ScimResource.from(stored);
    ProvisioningChange change =
        change(
            scope,
            stored.id(),
            ProvisioningChange.Operation.CREATE,
            ChangedAttributes.ofBody(input),
            1,
            Optional.empty(),
            created);
    StoreErrors.run(type, () -> scope.resources().create(stored, Optional.of(change)));
    ChangeContext.committed(change);
    return created;
  }

  /** The change of a write, at the time of the written resource. */
  private ProvisioningChange change(
      TenantStore scope,
      String id,
      ProvisioningChange.Operation operation,
      List<String> attributes,
      long version,
      Optional<Boolean> activeBefore,
      ScimResource after) {
    return ChangeContext.change(
        after.lastModified(),
        scope.tenant().value(),
        type,
        id,
        operation,
        attributes,
        version,
        activeBefore,
        active(after.document()),
        Optional.of(Json.write(after.toJson(""))));
  }

  /**
   * A user's {@code active}: absent counts as active (nothing disabled it); empty for types whose
   * core schema has no boolean {@code active} (groups). Entra ID's string form ({@code "False"}) is
   * normalised by the reader before it is stored.
   */
  private Optional<Boolean> active(ObjectNode document) {
    if (!hasActive) {
      return Optional.empty();
    }
    JsonNode active = document.get("active");
    return Optional.of(active == null || active.isNull() || active.asBoolean(true));
  }

  /** The canonical document of a client's resource (POST/PUT body) without storing it. */
  public ObjectNode read(ObjectNode input) {
    return readInput(input);
  }

  /** GET by id; 404 when absent (in this tenant). */
  public ScimResource get(TenantStore scope, String id) {
    return ScimResource.from(load(scope, id));
  }

  /** PUT: replaces every attribute the client may write; readOnly ignored, immutable enforced. */
  public ScimResource replace(
      TenantStore scope, String id, ObjectNode input, Optional<String> ifMatch) {
    ObjectNode document = readInput(input);
    return modify(
        scope,
        id,
        ifMatch,
        ProvisioningChange.Operation.REPLACE,
        ChangedAttributes.ofBody(input),
        current -> {
          reader.checkImmutable(type, current, document);
          return document;
        });
  }

  /**
   * PATCH: applies the operations to the current document (all or none; the engine validates the
   * result as a PUT body and enforces mutability) and stores it as the next version. A password in
   * a PATCH is dropped like one in a POST or PUT: passwords are not stored.
   */
  public ScimResource patch(
      TenantStore scope, String id, List<PatchOperation> operations, Optional<String> ifMatch) {
    return modify(
        scope,
        id,
        ifMatch,
        ProvisioningChange.Operation.PATCH,
        ChangedAttributes.ofPatch(operations),
        current -> {
          PatchResult result = patchEngine.patch(type, current, operations);
          ChangeContext.ignored(result.ignoredAttributes());
          return result.document();
        });
  }

  /**
   * Applies a change to the current document and stores the result as the next version. Without
   * If-Match a concurrent write makes the change re-apply on the newer version; with If-Match it is
   * a 412. The write records its change ({@code operation}, touching {@code attributes}).
   */
  ScimResource modify(
      TenantStore scope,
      String id,
      Optional<String> ifMatch,
      ProvisioningChange.Operation operation,
      List<String> attributes,
      UnaryOperator<ObjectNode> change) {
    for (int attempt = 1; ; attempt++) {
      StoredResource previous = load(scope, id);
      ETags.checkIfMatch(ifMatch, previous.version());
      ObjectNode current = Json.readStored(previous.document());
      ObjectNode next = change.apply(current.deepCopy());
      if (next.equals(current)) {
        // Nothing changed (an idempotent retry, a no-op PATCH): no write, same version.
        return ScimResource.from(previous);
      }
      StoredResource stored =
          new StoredResource(
              type,
              id,
              stored(next),
              previous.version() + 1,
              previous.created(),
              ChangeContext.now(clock),
              keys.uniqueKeys(next),
              keys.lookupKeys(next));
      ScimResource written = ScimResource.from(stored);
      ProvisioningChange record =
          change(scope, id, operation, attributes, stored.version(), active(current), written);
      boolean replaced =
          StoreErrors.attempt(
                  type,
                  ifMatch.isPresent(),
                  attempt < WRITE_ATTEMPTS,
                  () -> {
                    scope.resources().replace(previous, stored, Optional.of(record));
                    return true;
                  })
              .isPresent();
      if (replaced) {
        ChangeContext.committed(record);
        return written;
      }
    }
  }

  /** DELETE; with If-Match only the matching version is deleted. */
  public void delete(TenantStore scope, String id, Optional<String> ifMatch) {
    delete(scope, id, ifMatch, List.of());
  }

  /**
   * DELETE, recording the change; {@code groupsLeft}: the groups a deleted user is removed from by
   * the store's cascade (for the change's record).
   */
  public void delete(
      TenantStore scope, String id, Optional<String> ifMatch, List<String> groupsLeft) {
    if (!Ids.canExist(id)) {
      throw notFound(id);
    }
    OptionalLong expected = OptionalLong.empty();
    if (ifMatch.isPresent()) {
      StoredResource current = load(scope, id);
      ETags.checkIfMatch(ifMatch, current.version());
      expected = OptionalLong.of(current.version());
    }
    ChangeContext context = ChangeContext.current();
    ProvisioningChange change =
        new ProvisioningChange(
            UUID.randomUUID().toString(),
            ChangeContext.now(clock),
            scope.tenant().value(),
            type,
            id,
            ProvisioningChange.Operation.DELETE,
            List.of(),
            List.of(),
            List.of(),
            groupsLeft,
            expected.orElse(0),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            context.actor(),
            context.requestId());
    OptionalLong version = expected;
    // a version conflict of a delete is 412, as it always was (without If-Match the store retries)
    StoreErrors.run(
        type, true, () -> scope.resources().delete(type, id, version, Optional.of(change)));
    ChangeContext.committed(change);
  }

  /** GET on the collection (and POST .search): filter, sort, page (see {@link QueryPlanner}). */
  public ListResult list(TenantStore scope, ListQuery query) {
    return StoreErrors.call(type, () -> planner.run(scope, query));
  }

  private StoredResource load(TenantStore scope, String id) {
    if (!Ids.canExist(id)) {
      throw notFound(id);
    }
    return StoreErrors.call(type, () -> scope.resources().get(type, id))
        .orElseThrow(() -> notFound(id));
  }

  /**
   * The stored text of a document, refused (400 invalidValue) when larger than a store item can
   * hold: DynamoDB keeps at most 400 KB per item, keys and metadata included.
   */
  static String stored(ObjectNode document) {
    String text = Json.write(document);
    if (text.length() > MAX_DOCUMENT_BYTES / 3
        && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
      throw ScimException.invalidValue(
          "The resource would be larger than "
              + MAX_DOCUMENT_BYTES / 1000
              + " KB, more than the service provider keeps per resource.");
    }
    return text;
  }

  private ScimException notFound(String id) {
    String shown = id.length() > 80 ? id.substring(0, 80) + "…" : id;
    return ScimException.notFound(type.scimName() + " '" + shown + "' does not exist.");
  }

  /** A client's POST/PUT body as the canonical document; what it carried in vain is noted. */
  private ObjectNode readInput(ObjectNode input) {
    ReadResult read = reader.read(type, input);
    ChangeContext.ignored(read.ignoredAttributes());
    return read.document();
  }
}
