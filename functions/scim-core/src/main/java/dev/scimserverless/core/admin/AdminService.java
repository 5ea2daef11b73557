package dev.scimserverless.core.admin;

import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.events.ProvisioningEvents;
import dev.scimserverless.core.events.RetryPolicy;
import dev.scimserverless.core.events.StandardWebhooks;
import dev.scimserverless.core.events.WebhookSink;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.ProvisioningQuery;
import dev.scimserverless.core.store.ProvisioningRecord;
import dev.scimserverless.core.store.ResourcePage;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscription;
import dev.scimserverless.core.store.WebhookSubscriptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The rules of an organization's administration — tenants, their tokens, the audit trail, the
 * provisioning log and the webhook subscriptions with their deliveries — in one place, for every
 * client: the Admin API, the console on it, and the CLI. Every change is audited with the caller's
 * actor ({@code admin:<name>}); a failed audit write is reported to {@code warnings} and does not
 * undo the change. Token values are returned once, when issued, and stored only as their SHA-256
 * hash.
 */
public final class AdminService {
  /** How many tokens a tenant may have active at once: two, so that rotation has no gap. */
  public static final int MAX_ACTIVE_TOKENS = 2;

  /** Lower-case letters, digits and dashes, 1–64, starting with a letter or digit. */
  private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private static final Pattern TOKEN_ID = Pattern.compile("tok_[0-9A-Za-z_]{1,64}");

  public static final int MAX_NAME_LENGTH = 200;

  /** How many webhook subscriptions a tenant may have. */
  public static final int MAX_WEBHOOKS = 10;

  public static final int MAX_URL_LENGTH = 2000;

  private static final Pattern WEBHOOK_ID = Pattern.compile("wh_[0-9a-f]{16}");

  private static final Pattern DEAD_LETTER_ID = Pattern.compile("dl_[0-9a-f]{16}");

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Users read at most to count the active ones; beyond, the count is not given. */
  public static final int ACTIVE_COUNT_LIMIT = 10_000;

  private final TenantDirectory directory;
  private final ScimStore stores;
  private final AuditLog auditLog;
  private final ProvisioningLog provisioningLog;
  private final Clock clock;
  private final Consumer<String> warnings;
  private final WebhookSubscriptions webhooks;
  private final WebhookDeliveries deliveries;
  private volatile WebhookSink replaySink;

  /** Without webhook stores: the webhook operations answer 404 (see {@link #withWebhooks}). */
  public AdminService(
      TenantDirectory directory,
      ScimStore stores,
      AuditLog auditLog,
      ProvisioningLog provisioningLog,
      Clock clock,
      Consumer<String> warnings) {
    this(directory, stores, auditLog, provisioningLog, clock, warnings, null, null);
  }

  private AdminService(
      TenantDirectory directory,
      ScimStore stores,
      AuditLog auditLog,
      ProvisioningLog provisioningLog,
      Clock clock,
      Consumer<String> warnings,
      WebhookSubscriptions webhooks,
      WebhookDeliveries deliveries) {
    this.directory = directory;
    this.stores = stores;
    this.auditLog = auditLog;
    this.provisioningLog = provisioningLog;
    this.clock = clock;
    this.warnings = warnings;
    this.webhooks = webhooks;
    this.deliveries = deliveries;
  }

  /** The same service with the stores of webhook subscriptions and of their deliveries. */
  public AdminService withWebhooks(WebhookSubscriptions subscriptions, WebhookDeliveries log) {
    return new AdminService(
        directory, stores, auditLog, provisioningLog, clock, warnings, subscriptions, log);
  }

  /** Who asks, for the audit trail: {@code admin:<name>}, and the id of the request or run. */
  public record Actor(String name, String requestId) {}

  /** A token as issued: its id and its value, shown this once. */
  public record IssuedToken(String id, String value, Instant created) {}

  /**
   * A tenant with its figures.
   *
   * @param activeUsers empty when the tenant has more than {@link #ACTIVE_COUNT_LIMIT} users
   * @param lastRequest the time of the newest request in the provisioning log
   */
  public record TenantDetails(
      Tenant tenant,
      long users,
      Optional<Long> activeUsers,
      long groups,
      Optional<Instant> lastRequest) {}

  // ---- tenants ----

  /** Creates a tenant. @throws AdminException.Conflict if the id is taken */
  public Tenant createTenant(String id, Optional<String> name, Actor actor) {
    checkTenantId("id", id);
    String n = name.orElse(id);
    checkName(n);
    Tenant tenant = new Tenant(id, n, false, clock.instant());
    try {
      store(() -> directory.createTenant(tenant));
    } catch (StoreException.UniquenessConflict e) {
      throw new AdminException.Conflict("Tenant " + id + " exists already.");
    }
    recordAdminChange(actor, "tenant.create", id, "Tenant", id, List.of("name"));
    return tenant;
  }

  public List<Tenant> listTenants() {
    return store(directory::listTenants);
  }

  /**
   * @throws AdminException.NotFound if there is no such tenant
   */
  public Tenant tenant(String id) {
    if (id == null || id.isEmpty() || id.length() > 128 || id.contains("#")) {
      // no tenant can have such an id (and '#' would reach into another item's key)
      throw new AdminException.NotFound("There is no tenant " + id + ".");
    }
    return store(() -> directory.getTenant(id))
        .orElseThrow(() -> new AdminException.NotFound("There is no tenant " + id + "."));
  }

  /** The tenant with its counts (users, active users, groups) and its last provisioning request. */
  public TenantDetails details(String id) {
    Tenant tenant = tenant(id);
    return store(
        () -> {
          ResourceStore resources = stores.forTenant(TenantId.of(id)).resources();
          long users = resources.count(ResourceType.USER);
          long groups = resources.count(ResourceType.GROUP);
          Optional<Long> active =
              users <= ACTIVE_COUNT_LIMIT ? Optional.of(activeUsers(resources)) : Optional.empty();
          Optional<Instant> last =
              provisioningLog.query(id, ProvisioningQuery.newest(1)).records().stream()
                  .findFirst()
                  .map(ProvisioningRecord::time);
          return new TenantDetails(tenant, users, active, groups, last);
        });
  }

  private static long activeUsers(ResourceStore resources) {
    long active = 0;
    Optional<String> after = Optional.empty();
    do {
      ResourcePage page = resources.list(ResourceType.USER, after, 200);
      for (StoredResource r : page.items()) {
        if (Json.readStored(r.document()).path("active").asBoolean(false)) {
          active++;
        }
      }
      after = page.nextAfterId();
    } while (after.isPresent());
    return active;
  }

  /** Disables or enables a tenant: a disabled tenant's tokens are refused (401). */
  public Tenant setDisabled(String id, boolean disabled, Actor actor) {
    tenant(id);
    try {
      store(() -> directory.setTenantDisabled(id, disabled));
    } catch (StoreException.NotFound e) {
      throw new AdminException.NotFound("There is no tenant " + id + ".");
    }
    recordAdminChange(
        actor,
        disabled ? "tenant.disable" : "tenant.enable",
        id,
        "Tenant",
        id,
        List.of("disabled"));
    return tenant(id);
  }

  // ---- tokens ----

  /**
   * Issues a token. @throws AdminException.Conflict if the tenant has {@link #MAX_ACTIVE_TOKENS}
   * active ones already
   */
  public IssuedToken issueToken(String tenantId, Actor actor) {
    tenant(tenantId);
    long active =
        store(() -> directory.listTokens(tenantId)).stream().filter(t -> !t.revoked()).count();
    if (active >= MAX_ACTIVE_TOKENS) {
      throw new AdminException.Conflict(
          "Tenant "
              + tenantId
              + " has "
              + active
              + " active tokens already; revoke the old one first.");
    }
    String value = Tokens.newToken();
    String tokenId = Tokens.newTokenId();
    Instant now = clock.instant();
    store(
        () ->
            directory.putToken(
                new TokenRecord(
                    tokenId, tenantId, Tokens.hash(value), now, Optional.empty(), false)));
    recordAdminChange(actor, "token.create", tenantId, "Token", tokenId, List.of());
    return new IssuedToken(tokenId, value, now);
  }

  /** The tenant's tokens: ids, created, last used, revoked — never a value or a hash. */
  public List<TokenRecord> listTokens(String tenantId) {
    tenant(tenantId);
    return store(() -> directory.listTokens(tenantId)).stream()
        .map(
            t ->
                new TokenRecord(
                    t.tokenId(), t.tenant(), "", t.created(), t.lastUsed(), t.revoked()))
        .toList();
  }

  /** Revokes a token: it is refused from then on (within the authorizer's cache TTL in AWS). */
  public void revokeToken(String tenantId, String tokenId, Actor actor) {
    tenant(tenantId);
    if (tokenId == null || !TOKEN_ID.matcher(tokenId).matches()) {
      // no token can have such an id (and '#' would reach into another item's key)
      throw new AdminException.NotFound("Tenant " + tenantId + " has no token " + tokenId + ".");
    }
    try {
      store(() -> directory.revokeToken(tenantId, tokenId));
    } catch (StoreException.NotFound e) {
      throw new AdminException.NotFound("Tenant " + tenantId + " has no token " + tokenId + ".");
    }
    recordAdminChange(actor, "token.revoke", tenantId, "Token", tokenId, List.of("revoked"));
  }

  // ---- trails ----

  /** The tenant's audit trail at or after {@code since}, oldest first. */
  public List<AuditEvent> audit(
      String tenantId, Instant since, Optional<String> resourceId, int limit) {
    tenant(tenantId);
    if (limit < 1 || limit > 1000) {
      throw new AdminException.BadInput("limit", "limit must be between 1 and 1000.");
    }
    return store(() -> auditLog.query(tenantId, since, resourceId, limit));
  }

  /** One page of the tenant's provisioning log, newest first. */
  public ProvisioningLog.Page requests(String tenantId, ProvisioningQuery query) {
    tenant(tenantId);
    return store(() -> provisioningLog.query(tenantId, query));
  }

  // ---- webhooks ----

  /**
   * The outcome of a replay.
   *
   * @param letter the dead letter as it was
   * @param result what the attempt got: delivered (the letter is gone) or not (still parked)
   */
  public record Replay(WebhookDeliveries.DeadLetter letter, WebhookSink.Result result) {}

  /**
   * Adds a subscription with a new secret (returned with it, this once; listings never show it): an
   * https URL (http only on localhost or 127.0.0.1), optional types from the event
   * vocabulary. @throws AdminException.Conflict past {@link #MAX_WEBHOOKS}
   */
  public WebhookSubscription addWebhook(
      String tenantId, String url, List<String> types, Actor actor) {
    tenant(tenantId);
    WebhookSubscriptions subs = subscriptions();
    checkWebhookUrl(url);
    List<String> filter = checkTypes(types);
    try {
      return store(
          () -> {
            int existing = subs.list(tenantId).size();
            if (existing >= MAX_WEBHOOKS) {
              throw new AdminException.Conflict(
                  "Tenant "
                      + tenantId
                      + " has "
                      + existing
                      + " webhook subscriptions already (at most "
                      + MAX_WEBHOOKS
                      + "); remove one first.");
            }
            WebhookSubscription s =
                new WebhookSubscription(
                    tenantId,
                    newWebhookId(),
                    url,
                    filter,
                    StandardWebhooks.newSecret(),
                    clock.instant());
            subs.add(s);
            recordAdminChange(
                actor, "webhook.create", tenantId, "Webhook", s.id(), List.of("url", "types"));
            return s;
          });
    } catch (StoreException.UniquenessConflict e) {
      throw new AdminException.Conflict("A webhook id was drawn twice; try again.");
    }
  }

  /** The tenant's subscriptions, oldest first, without their secrets. */
  public List<WebhookSubscription> listWebhooks(String tenantId) {
    tenant(tenantId);
    return store(
        () ->
            subscriptions().list(tenantId).stream()
                .map(WebhookSubscription::withoutSecret)
                .toList());
  }

  /** Removes a subscription: nothing written after this is delivered to it. */
  public void removeWebhook(String tenantId, String webhookId, Actor actor) {
    tenant(tenantId);
    WebhookSubscriptions subs = subscriptions();
    if (webhookId == null || !WEBHOOK_ID.matcher(webhookId).matches()) {
      throw new AdminException.NotFound(
          "Tenant " + tenantId + " has no webhook " + webhookId + ".");
    }
    try {
      store(() -> subs.remove(tenantId, webhookId));
    } catch (StoreException.NotFound e) {
      throw new AdminException.NotFound(
          "Tenant " + tenantId + " has no webhook " + webhookId + ".");
    }
    recordAdminChange(actor, "webhook.delete", tenantId, "Webhook", webhookId, List.of());
  }

  /** The tenant's recent delivery attempts, newest first. */
  public List<WebhookDeliveries.Attempt> webhookDeliveries(String tenantId, int limit) {
    tenant(tenantId);
    if (limit < 1 || limit > WebhookDeliveries.RECENT_KEPT) {
      throw new AdminException.BadInput(
          "limit", "limit must be between 1 and " + WebhookDeliveries.RECENT_KEPT + ".");
    }
    return store(() -> deliveryLog().recent(tenantId, limit));
  }

  /** The tenant's dead letters, oldest first. */
  public List<WebhookDeliveries.DeadLetter> deadLetters(String tenantId) {
    tenant(tenantId);
    return store(() -> deliveryLog().deadLetters(tenantId));
  }

  /**
   * Sends a dead letter again, once, to its subscription, with the same {@code webhook-id} and
   * body. @throws AdminException.NotFound if there is no such letter; Conflict if its subscription
   * was removed (or it went to the local {@code --webhook} URL, which the admin service does not
   * know)
   */
  public Replay replay(String tenantId, String letterId, Actor actor) {
    tenant(tenantId);
    WebhookDeliveries log = deliveryLog();
    if (letterId == null || !DEAD_LETTER_ID.matcher(letterId).matches()) {
      throw new AdminException.NotFound(
          "Tenant " + tenantId + " has no dead letter " + letterId + ".");
    }
    return store(
        () -> {
          WebhookDeliveries.DeadLetter letter =
              log.deadLetter(tenantId, letterId)
                  .orElseThrow(
                      () ->
                          new AdminException.NotFound(
                              "Tenant " + tenantId + " has no dead letter " + letterId + "."));
          WebhookSubscription s =
              subscriptions()
                  .get(tenantId, letter.subscription())
                  .orElseThrow(
                      () ->
                          new AdminException.Conflict(
                              "Dead letter "
                                  + letterId
                                  + " went to "
                                  + letter.subscription()
                                  + ", which is not a subscription of tenant "
                                  + tenantId
                                  + " (removed, or the local --webhook URL)."));
          WebhookSink.Result result = sink(log).replay(letter, WebhookSink.Endpoint.of(s));
          recordAdminChange(
              actor, "webhook.replay", tenantId, "DeadLetter", letterId, List.of(letter.eventId()));
          return new Replay(letter, result);
        });
  }

  private WebhookSink sink(WebhookDeliveries log) {
    WebhookSink s = replaySink;
    if (s == null) {
      s = new WebhookSink(RetryPolicy.STANDARD, log);
      replaySink = s;
    }
    return s;
  }

  private WebhookSubscriptions subscriptions() {
    if (webhooks == null) {
      throw new AdminException.NotFound("This deployment keeps no webhook subscriptions.");
    }
    return webhooks;
  }

  private WebhookDeliveries deliveryLog() {
    if (deliveries == null) {
      throw new AdminException.NotFound("This deployment keeps no webhook deliveries.");
    }
    return deliveries;
  }

  /** {@code wh_} and 16 random hex digits. */
  private static String newWebhookId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return "wh_" + HexFormat.of().formatHex(b);
  }

  /** An https URL, or http on localhost / 127.0.0.1 (development); no credentials in it. */
  static void checkWebhookUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new AdminException.BadInput("url", "url is required.");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new AdminException.BadInput("url", "url is not a URL: " + e.getReason() + ".");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (url.length() > MAX_URL_LENGTH || !uri.isAbsolute() || host.isEmpty()) {
      throw new AdminException.BadInput(
          "url", "url is an absolute https URL of at most " + MAX_URL_LENGTH + " characters.");
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new AdminException.BadInput(
          "url", "url may not hold credentials or a fragment (the secret signs deliveries).");
    }
    boolean local = host.equals("localhost") || host.equals("127.0.0.1");
    if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
      throw new AdminException.BadInput(
          "url", "url must be https (http only for localhost or 127.0.0.1, for development).");
    }
  }

  /** The types, each from the vocabulary, without repeats; empty for all. */
  static List<String> checkTypes(List<String> types) {
    if (types == null) {
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    for (String t : types) {
      if (!ProvisioningEvents.TYPES.contains(t)) {
        throw new AdminException.BadInput(
            "types",
            "Unknown event type "
                + t
                + "; the types are "
                + String.join(", ", ProvisioningEvents.TYPES)
                + ".");
      }
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  // ---- rules ----

  /** Refuses a tenant id that is not lower-case letters, digits and dashes (1–64). */
  public static void checkTenantId(String field, String id) {
    if (id == null || !TENANT_ID.matcher(id).matches()) {
      throw new AdminException.BadInput(
          field,
          "A tenant id is 1 to 64 lower-case letters, digits and dashes, starting with a letter"
              + " or digit.");
    }
  }

  private static void checkName(String name) {
    if (name.isBlank()
        || name.length() > MAX_NAME_LENGTH
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new AdminException.BadInput(
          "name", "A name is 1 to " + MAX_NAME_LENGTH + " characters, without control characters.");
    }
  }

  /**
   * A store call whose outage is the Admin API's 503 ({@link AdminException.Unavailable}); the
   * other store failures mean something per call and are caught there by type.
   */
  static <T> T store(Supplier<T> call) {
    try {
      return call.get();
    } catch (StoreException.Unavailable e) {
      throw unavailable(e);
    }
  }

  private static AdminException.Unavailable unavailable(StoreException.Unavailable e) {
    return new AdminException.Unavailable("The store is unavailable; try again.", e);
  }

  static void store(Runnable call) {
    store(
        () -> {
          call.run();
          return Boolean.TRUE;
        });
  }

  /**
   * Records an admin change made outside this service (the CLI's usage-plan attachment, an AWS
   * call) in the same trail, with the same rule: a failed write warns and does not undo it.
   */
  public void recordAdminChange(
      Actor actor,
      String operation,
      String tenant,
      String type,
      String resourceId,
      List<String> attributes) {
    AuditEvent event =
        new AuditEvent(
            clock.instant(),
            tenant,
            actor.name(),
            operation,
            type,
            resourceId,
            attributes,
            actor.requestId());
    try {
      auditLog.record(event);
    } catch (RuntimeException e) {
      warnings.accept("the change is made but its audit event could not be written: " + event);
    }
  }
}
