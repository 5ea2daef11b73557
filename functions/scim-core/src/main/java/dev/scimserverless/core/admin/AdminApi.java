package dev.scimserverless.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.ProvisioningQuery;
import dev.scimserverless.core.store.ProvisioningRecord;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscription;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Admin API ({@code /admin/v1}, docs/admin-api.md): JSON over the {@link AdminService}, errors
 * as RFC 9457 {@code application/problem+json}. Transport-free: the Lambda handler and the local
 * endpoint translate their requests into a {@link Request}, after they have authenticated the
 * caller (IAM in AWS, the admin token locally). {@link #ROUTES} is the one list of routes, which
 * the OpenAPI document is held equal to.
 */
public final class AdminApi {
  public static final String BASE_PATH = "/admin/v1";
  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  /** One route: a method and a path template under {@link #BASE_PATH}. */
  public record Route(String method, String template) {
    List<String> segments() {
      return List.of(template.substring(1).split("/"));
    }
  }

  public static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/openapi.json"),
          new Route("POST", "/tenants"),
          new Route("GET", "/tenants"),
          new Route("GET", "/tenants/{id}"),
          new Route("PATCH", "/tenants/{id}"),
          new Route("POST", "/tenants/{id}/tokens"),
          new Route("GET", "/tenants/{id}/tokens"),
          new Route("DELETE", "/tenants/{id}/tokens/{tokenId}"),
          new Route("GET", "/tenants/{id}/requests"),
          new Route("GET", "/tenants/{id}/audit"),
          new Route("GET", "/tenants/{id}/users"),
          new Route("GET", "/tenants/{id}/users/{userId}"),
          new Route("GET", "/tenants/{id}/groups"),
          new Route("GET", "/tenants/{id}/groups/{groupId}"),
          new Route("GET", "/tenants/{id}/groups/{groupId}/members"),
          new Route("GET", "/tenants/{id}/events"),
          new Route("POST", "/tenants/{id}/webhooks"),
          new Route("GET", "/tenants/{id}/webhooks"),
          new Route("DELETE", "/tenants/{id}/webhooks/{webhookId}"),
          new Route("GET", "/tenants/{id}/webhooks/deliveries"),
          new Route("GET", "/tenants/{id}/webhooks/dead-letters"),
          new Route("POST", "/tenants/{id}/webhooks/dead-letters/{letterId}/replay"));

  /**
   * A request to the API.
   *
   * @param method the HTTP method
   * @param path the path after {@link #BASE_PATH}, decoded, e.g. {@code /tenants/acme}
   * @param query the query parameters (last value wins)
   * @param body the body, or null
   * @param actor who asks (already authenticated)
   */
  public record Request(
      String method,
      String path,
      Map<String, String> query,
      String body,
      AdminService.Actor actor) {}

  /** A response: status, headers (Content-Type among them) and body (null for none). */
  public record Response(int status, Map<String, String> headers, String body) {}

  private final AdminService service;
  private final String scimBaseUrl;
  private final Clock clock;
  private final TenantReads reads;

  /**
   * @param service the rules
   * @param scimBaseUrl the SCIM base URL that IdPs are given ({@code …/scim/v2})
   */
  public AdminApi(AdminService service, String scimBaseUrl, Clock clock, TenantReads reads) {
    this.service = service;
    this.scimBaseUrl = scimBaseUrl;
    this.clock = clock;
    this.reads = reads;
  }

  public Response handle(Request request) {
    try {
      return route(request);
    } catch (AdminException e) {
      return problem(e.status(), e.getMessage(), e.field());
    } catch (RuntimeException e) {
      // a defect: say nothing of it but where to find it
      System.err.println(
          "admin request " + request.actor().requestId() + " failed: " + e.getClass().getName());
      return problem(
          500,
          "The request failed. Request id: " + request.actor().requestId() + ".",
          Optional.empty());
    }
  }

  private Response route(Request r) {
    List<String> segments =
        r.path() == null || r.path().length() <= 1
            ? List.of()
            : List.of(r.path().substring(1).split("/", -1));
    Map<String, String> params = new LinkedHashMap<>();
    Route found = null;
    Set<String> allowed = new java.util.TreeSet<>();
    for (Route route : ROUTES) {
      Map<String, String> p = match(route.segments(), segments);
      if (p != null) {
        allowed.add(route.method());
        if (route.method().equals(r.method())) {
          found = route;
          params = p;
        }
      }
    }
    if (found == null) {
      if (!allowed.isEmpty()) {
        Response refused =
            problem(405, "Use " + String.join(", ", allowed) + " on this path.", Optional.empty());
        Map<String, String> headers = new LinkedHashMap<>(refused.headers());
        headers.put("Allow", String.join(", ", allowed));
        return new Response(405, headers, refused.body());
      }
      return problem(404, "No such Admin API path: " + r.path() + ".", Optional.empty());
    }
    String id = params.get("id");
    AdminService.Actor actor = r.actor();
    return switch (found.method() + " " + found.template()) {
      case "GET /openapi.json" -> new Response(200, headers(JSON), openApi());
      case "POST /tenants" -> createTenant(r, actor);
      case "GET /tenants" -> ok(tenants());
      case "GET /tenants/{id}" -> ok(details(service.details(id)));
      case "PATCH /tenants/{id}" -> ok(patchTenant(id, r, actor));
      case "POST /tenants/{id}/tokens" -> {
        noBody(r);
        AdminService.IssuedToken t = service.issueToken(id, actor);
        yield json(201, issued(t), Map.of("Location", tokensUrl(id) + "/" + t.id()));
      }
      case "GET /tenants/{id}/tokens" -> ok(tokens(id));
      case "DELETE /tenants/{id}/tokens/{tokenId}" -> {
        service.revokeToken(id, params.get("tokenId"), actor);
        yield new Response(204, Map.of("Cache-Control", "no-store"), null);
      }
      case "GET /tenants/{id}/requests" -> ok(requests(id, r.query()));
      case "GET /tenants/{id}/audit" -> ok(audit(id, r.query()));
      case "GET /tenants/{id}/users" -> scim(id, "/Users", r, Map.of());
      case "GET /tenants/{id}/users/{userId}" ->
          scim(id, "/Users/" + params.get("userId"), r, Map.of());
      case "GET /tenants/{id}/groups" ->
          scim(id, "/Groups", r, Map.of("excludedAttributes", "members"));
      case "GET /tenants/{id}/groups/{groupId}" ->
          scim(id, "/Groups/" + params.get("groupId"), r, Map.of("excludedAttributes", "members"));
      case "GET /tenants/{id}/groups/{groupId}/members" ->
          ok(members(id, params.get("groupId"), r.query()));
      case "GET /tenants/{id}/events" -> ok(events(id, r.query()));
      case "POST /tenants/{id}/webhooks" -> {
        WebhookSubscription w = addWebhook(id, r, actor);
        yield json(201, webhook(w, true), Map.of("Location", webhooksUrl(id) + "/" + w.id()));
      }
      case "GET /tenants/{id}/webhooks" -> {
        known(r.query(), Set.of());
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("webhooks");
        service.listWebhooks(id).forEach(w -> list.add(webhook(w, false)));
        yield ok(out);
      }
      case "DELETE /tenants/{id}/webhooks/{webhookId}" -> {
        service.removeWebhook(id, params.get("webhookId"), actor);
        yield new Response(204, Map.of("Cache-Control", "no-store"), null);
      }
      case "GET /tenants/{id}/webhooks/deliveries" -> ok(deliveries(id, r.query()));
      case "GET /tenants/{id}/webhooks/dead-letters" -> {
        known(r.query(), Set.of());
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("deadLetters");
        service.deadLetters(id).forEach(l -> list.add(deadLetter(l)));
        yield ok(out);
      }
      case "POST /tenants/{id}/webhooks/dead-letters/{letterId}/replay" -> {
        noBody(r);
        AdminService.Replay replay = service.replay(id, params.get("letterId"), actor);
        ObjectNode out = Json.object();
        out.put("id", replay.letter().id());
        out.put("eventId", replay.letter().eventId());
        out.put("delivered", replay.result().delivered());
        replay
            .result()
            .status()
            .ifPresentOrElse(st -> out.put("status", st), () -> out.putNull("status"));
        putText(out, "error", replay.result().error());
        yield ok(out);
      }
      default -> throw new IllegalStateException("unrouted " + found);
    };
  }

  /** The path parameters when the segments fit the template, else null. */
  private static Map<String, String> match(List<String> template, List<String> segments) {
    if (template.size() != segments.size()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String t = template.get(i);
      String s = segments.get(i);
      if (t.startsWith("{")) {
        if (s.isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), s);
      } else if (!t.equals(s)) {
        return null;
      }
    }
    return params;
  }

  // ---- tenants ----

  private Response createTenant(Request r, AdminService.Actor actor) {
    ObjectNode body = body(r, Set.of("id", "name"));
    String id = text(body, "id", true).orElseThrow();
    Optional<String> name = text(body, "name", false);
    Tenant tenant = service.createTenant(id, name, actor);
    ObjectNode out = tenant(tenant);
    out.set("token", issued(service.issueToken(id, actor)));
    return json(201, out, Map.of("Location", tenantUrl(id)));
  }

  private ObjectNode patchTenant(String id, Request r, AdminService.Actor actor) {
    ObjectNode body = body(r, Set.of("disabled"));
    JsonNode disabled = body.get("disabled");
    if (disabled == null || !disabled.isBoolean()) {
      throw new AdminException.BadInput("disabled", "disabled must be true or false.");
    }
    service.setDisabled(id, disabled.booleanValue(), actor);
    return details(service.details(id));
  }

  private ObjectNode tenants() {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("tenants");
    service.listTenants().forEach(t -> list.add(tenant(t)));
    return out;
  }

  private ObjectNode tenant(Tenant t) {
    ObjectNode n = Json.object();
    n.put("id", t.id());
    n.put("name", t.name());
    n.put("disabled", t.disabled());
    n.put("created", t.created().toString());
    n.put("scimBaseUrl", scimBaseUrl);
    return n;
  }

  private ObjectNode details(AdminService.TenantDetails d) {
    ObjectNode n = tenant(d.tenant());
    ObjectNode counts = n.putObject("counts");
    counts.put("users", d.users());
    d.activeUsers()
        .ifPresentOrElse(a -> counts.put("activeUsers", a), () -> counts.putNull("activeUsers"));
    counts.put("groups", d.groups());
    d.lastRequest()
        .ifPresentOrElse(
            t -> n.put("lastRequestAt", t.toString()), () -> n.putNull("lastRequestAt"));
    return n;
  }

  // ---- tokens ----

  private static ObjectNode issued(AdminService.IssuedToken t) {
    ObjectNode n = Json.object();
    n.put("id", t.id());
    n.put("value", t.value());
    n.put("created", t.created().toString());
    return n;
  }

  private ObjectNode tokens(String tenant) {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("tokens");
    for (TokenRecord t : service.listTokens(tenant)) {
      ObjectNode n = list.addObject();
      n.put("id", t.tokenId());
      n.put("created", t.created().toString());
      t.lastUsed()
          .ifPresentOrElse(u -> n.put("lastUsed", u.toString()), () -> n.putNull("lastUsed"));
      n.put("revoked", t.revoked());
    }
    return out;
  }

  // ---- trails ----

  private ObjectNode requests(String tenant, Map<String, String> q) {
    known(q, Set.of("outcome", "status", "route", "since", "limit", "cursor"));
    ProvisioningQuery.Outcome outcome =
        switch (q.getOrDefault("outcome", "any")) {
          case "error" -> ProvisioningQuery.Outcome.ERROR;
          case "success" -> ProvisioningQuery.Outcome.SUCCESS;
          case "any" -> ProvisioningQuery.Outcome.ANY;
          default ->
              throw new AdminException.BadInput("outcome", "outcome is error, success or any.");
        };
    Optional<Integer> status =
        Optional.ofNullable(q.get("status")).map(s -> integer("status", s, 100, 599));
    Optional<String> route = Optional.ofNullable(q.get("route"));
    route.ifPresent(
        rt -> {
          if (rt.length() > 200 || !rt.startsWith("/")) {
            throw new AdminException.BadInput(
                "route", "route is a route template such as /scim/v2/Users/{id}.");
          }
        });
    Optional<String> cursor = Optional.ofNullable(q.get("cursor"));
    cursor.ifPresent(
        c -> {
          if (c.isEmpty() || c.length() > 200) {
            throw new AdminException.BadInput("cursor", "cursor is the next value of a page.");
          }
        });
    ProvisioningQuery query =
        new ProvisioningQuery(
            outcome,
            status,
            route,
            Optional.ofNullable(q.get("since")).map(s -> instant("since", s)),
            Optional.ofNullable(q.get("limit"))
                .map(s -> integer("limit", s, 1, ProvisioningQuery.MAX_LIMIT))
                .orElse(50),
            cursor);
    ProvisioningLog.Page page = service.requests(tenant, query);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("requests");
    for (ProvisioningRecord rec : page.records()) {
      ObjectNode n = list.addObject();
      n.put("time", rec.time().toString());
      n.put("requestId", rec.requestId());
      n.put("method", rec.method());
      n.put("route", rec.route());
      n.put("status", rec.status());
      n.put("outcome", rec.failed() ? "error" : "success");
      putText(n, "scimType", rec.scimType());
      putText(n, "detail", rec.detail());
      putText(n, "tokenId", rec.tokenId());
      putText(n, "userAgent", rec.userAgent());
      n.put("latencyMs", rec.latencyMillis());
      ArrayNode w = n.putArray("unknownAttributes");
      rec.warnings().forEach(w::add);
    }
    page.next().ifPresentOrElse(c -> out.put("next", c), () -> out.putNull("next"));
    return out;
  }

  private ObjectNode audit(String tenant, Map<String, String> q) {
    known(q, Set.of("since", "resource", "limit"));
    Instant since =
        Optional.ofNullable(q.get("since"))
            .map(s -> instant("since", s))
            .orElse(clock.instant().minus(Duration.ofDays(7)));
    int limit =
        Optional.ofNullable(q.get("limit")).map(s -> integer("limit", s, 1, 1000)).orElse(100);
    List<AuditEvent> events =
        service.audit(tenant, since, Optional.ofNullable(q.get("resource")), limit);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("events");
    for (AuditEvent e : events) {
      ObjectNode n = list.addObject();
      n.put("time", e.time().toString());
      n.put("actor", e.actor());
      n.put("operation", e.operation());
      n.put("resourceType", e.resourceType());
      n.put("resourceId", e.resourceId());
      ArrayNode a = n.putArray("attributes");
      e.attributes().forEach(a::add);
      n.put("requestId", e.requestId());
    }
    return out;
  }

  // ---- the directory, read-only ----

  /** The SCIM endpoint's own GET answer as the tenant (filter, paging, attributes pass through). */
  private Response scim(String tenant, String path, Request r, Map<String, String> defaults) {
    service.tenant(tenant);
    Map<String, String> query = new LinkedHashMap<>(defaults);
    query.putAll(r.query());
    if (query.containsKey("attributes")) {
      query.remove("excludedAttributes");
    }
    dev.scimserverless.core.http.ScimResponse s =
        reads.get(tenant, path, query, r.actor().requestId(), scimBaseUrl);
    Map<String, String> h = new LinkedHashMap<>(s.headers());
    h.put("Cache-Control", "no-store");
    if (s.status() >= 400) {
      // the SCIM error's words, as a problem
      JsonNode e = s.body() == null ? Json.object() : Json.parse(s.body());
      return problem(s.status(), e.path("detail").asText("The request failed."), Optional.empty());
    }
    h.put("Content-Type", JSON);
    return new Response(s.status(), h, s.body());
  }

  /** A page of a group's members (any size: one key range per page), with their userNames. */
  private ObjectNode members(String tenant, String groupId, Map<String, String> q) {
    known(q, Set.of("cursor", "limit"));
    int limit =
        Optional.ofNullable(q.get("limit")).map(s -> integer("limit", s, 1, 200)).orElse(50);
    service.tenant(tenant);
    dev.scimserverless.core.http.ScimResponse group =
        reads.get(tenant, "/Groups/" + groupId, Map.of("attributes", "id"), "members", scimBaseUrl);
    if (group.status() != 200) {
      throw new AdminException.NotFound("Tenant " + tenant + " has no group " + groupId + ".");
    }
    dev.scimserverless.core.store.MembershipStore.MemberPage page =
        reads.memberships(tenant).members(groupId, Optional.ofNullable(q.get("cursor")), limit);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("members");
    for (String userId : page.userIds()) {
      ObjectNode m = list.addObject();
      m.put("value", userId);
      dev.scimserverless.core.http.ScimResponse u =
          reads.get(
              tenant, "/Users/" + userId, Map.of("attributes", "userName"), "members", scimBaseUrl);
      if (u.status() == 200) {
        m.put("userName", Json.parse(u.body()).path("userName").asText());
      }
    }
    page.nextAfterUserId().ifPresentOrElse(c -> out.put("next", c), () -> out.putNull("next"));
    return out;
  }

  /**
   * The events poll feed, for apps that cannot take webhooks: the provisioning events of the
   * tenant's committed changes after {@code after}, oldest first — the same events, ids and order
   * as the webhooks — and the cursor to ask with next.
   */
  private ObjectNode events(String tenant, Map<String, String> q) {
    known(q, Set.of("after", "limit"));
    service.tenant(tenant);
    int limit =
        Optional.ofNullable(q.get("limit")).map(s -> integer("limit", s, 1, 200)).orElse(50);
    Optional<String> after = Optional.ofNullable(q.get("after"));
    after.ifPresent(
        a -> {
          if (a.isEmpty() || a.length() > 300) {
            throw new AdminException.BadInput("after", "after is the next value of a page.");
          }
        });
    dev.scimserverless.core.store.ChangeOutbox outbox =
        reads
            .outbox()
            .orElseThrow(() -> new AdminException.NotFound("This store keeps no events to poll."));
    List<dev.scimserverless.core.store.ChangeOutbox.Entry> entries =
        AdminService.store(() -> outbox.changesAfter(tenant, after, limit));
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("events");
    for (dev.scimserverless.core.store.ChangeOutbox.Entry e : entries) {
      dev.scimserverless.core.events.ProvisioningEvents.of(e.change())
          .forEach(ev -> list.add(ev.toJson()));
    }
    String next = entries.isEmpty() ? after.orElse(null) : entries.get(entries.size() - 1).cursor();
    if (next == null) {
      out.putNull("next");
    } else {
      out.put("next", next);
    }
    return out;
  }

  // ---- webhooks ----

  private WebhookSubscription addWebhook(String tenant, Request r, AdminService.Actor actor) {
    ObjectNode body = body(r, Set.of("url", "types"));
    String url = text(body, "url", true).orElseThrow();
    List<String> types = new ArrayList<>();
    JsonNode t = body.get("types");
    if (t != null && !t.isNull()) {
      if (!t.isArray()) {
        throw new AdminException.BadInput("types", "types must be an array of event types.");
      }
      for (JsonNode type : t) {
        if (!type.isTextual()) {
          throw new AdminException.BadInput("types", "types must be an array of event types.");
        }
        types.add(type.textValue());
      }
    }
    return service.addWebhook(tenant, url, types, actor);
  }

  private static ObjectNode webhook(WebhookSubscription w, boolean withSecret) {
    ObjectNode n = Json.object();
    n.put("id", w.id());
    n.put("url", w.url());
    ArrayNode types = n.putArray("types");
    w.types().forEach(types::add);
    n.put("created", w.created().toString());
    if (withSecret) {
      n.put("secret", w.secret());
    }
    return n;
  }

  private ObjectNode deliveries(String tenant, Map<String, String> q) {
    known(q, Set.of("limit"));
    int limit =
        Optional.ofNullable(q.get("limit"))
            .map(s -> integer("limit", s, 1, WebhookDeliveries.RECENT_KEPT))
            .orElse(50);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("deliveries");
    for (WebhookDeliveries.Attempt a : service.webhookDeliveries(tenant, limit)) {
      ObjectNode n = list.addObject();
      n.put("time", a.time().toString());
      n.put("webhook", a.subscription());
      n.put("eventId", a.eventId());
      n.put("type", a.type());
      n.put("attempt", a.attempt());
      a.status().ifPresentOrElse(st -> n.put("status", st), () -> n.putNull("status"));
      putText(n, "error", a.error());
      n.put("outcome", a.outcome().label());
    }
    return out;
  }

  private static ObjectNode deadLetter(WebhookDeliveries.DeadLetter l) {
    ObjectNode n = Json.object();
    n.put("id", l.id());
    n.put("webhook", l.subscription());
    n.put("eventId", l.eventId());
    n.put("type", l.type());
    n.put("attempts", l.attempts());
    l.lastStatus().ifPresentOrElse(st -> n.put("lastStatus", st), () -> n.putNull("lastStatus"));
    putText(n, "lastError", l.lastError());
    n.put("parkedAt", l.parkedAt().toString());
    return n;
  }

  private String webhooksUrl(String id) {
    return tenantUrl(id) + "/webhooks";
  }

  // ---- input ----

  private static ObjectNode body(Request r, Set<String> allowed) {
    ObjectNode body;
    try {
      body = Json.parseObject(r.body());
    } catch (ScimException e) {
      throw new AdminException.BadInput("body", "The body must be a JSON object.");
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new AdminException.BadInput(
          unknown.get(0),
          "Unknown field "
              + unknown.get(0)
              + "; this request takes "
              + allowed.stream().sorted().collect(Collectors.joining(", "))
              + ".");
    }
    return body;
  }

  private static void noBody(Request r) {
    if (r.body() != null && !r.body().isBlank()) {
      JsonNode n;
      try {
        n = Json.parse(r.body());
      } catch (ScimException e) {
        throw new AdminException.BadInput("body", "This request takes no body.");
      }
      if (!(n.isObject() && n.isEmpty())) {
        throw new AdminException.BadInput("body", "This request takes no body.");
      }
    }
  }

  private static Optional<String> text(ObjectNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new AdminException.BadInput(field, field + " is required.");
      }
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new AdminException.BadInput(field, field + " must be a string.");
    }
    return Optional.of(v.textValue());
  }

  private static void known(Map<String, String> q, Set<String> allowed) {
    for (String k : q.keySet()) {
      if (!allowed.contains(k)) {
        throw new AdminException.BadInput(
            k,
            "Unknown parameter "
                + k
                + "; this request takes "
                + allowed.stream().sorted().collect(Collectors.joining(", "))
                + ".");
      }
    }
  }

  private static int integer(String field, String s, int min, int max) {
    try {
      int v = Integer.parseInt(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new AdminException.BadInput(
        field, field + " must be a whole number from " + min + " to " + max + ".");
  }

  private static Instant instant(String field, String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new AdminException.BadInput(
          field, field + " must be an ISO-8601 UTC time such as 2026-12-01T00:00:00Z.");
    }
  }

  // ---- output ----

  private static void putText(ObjectNode n, String name, String value) {
    if (value.isEmpty()) {
      n.putNull(name);
    } else {
      n.put(name, value);
    }
  }

  private String tenantUrl(String id) {
    return BASE_PATH + "/tenants/" + id;
  }

  private String tokensUrl(String id) {
    return tenantUrl(id) + "/tokens";
  }

  private static Map<String, String> headers(String contentType) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType);
    h.put("Cache-Control", "no-store");
    return h;
  }

  private static Response ok(ObjectNode body) {
    return json(200, body, Map.of());
  }

  private static Response json(int status, ObjectNode body, Map<String, String> extra) {
    Map<String, String> h = headers(JSON);
    h.putAll(extra);
    return new Response(status, h, Json.write(body));
  }

  /** An RFC 9457 problem: type, title, status, detail, and the field at fault when there is one. */
  public static Response problem(int status, String detail, Optional<String> field) {
    ObjectNode p = Json.object();
    p.put("type", "about:blank");
    p.put("title", title(status));
    p.put("status", status);
    p.put("detail", detail);
    field.ifPresent(f -> p.put("field", f));
    Map<String, String> h = headers(PROBLEM_JSON);
    if (status == 503) {
      h.put("Retry-After", "2");
    }
    return new Response(status, h, Json.write(p));
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }

  private static volatile String openApiDocument;

  /** The OpenAPI 3.1 document, a resource beside this class. */
  public static String openApi() {
    String doc = openApiDocument;
    if (doc == null) {
      try (InputStream in = AdminApi.class.getResourceAsStream("/admin/openapi.json")) {
        if (in == null) {
          throw new IllegalStateException("admin/openapi.json is missing from the classpath");
        }
        doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      openApiDocument = doc;
    }
    return doc;
  }
}
