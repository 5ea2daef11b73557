package dev.scimserverless.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scimserverless.core.admin.AdminApi;
import dev.scimserverless.core.admin.AdminService;
import dev.scimserverless.core.admin.TenantReads;
import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.http.ScimErrors;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookSubscriptions;
import dev.scimserverless.handlers.ApiGatewayAdapter;
import dev.scimserverless.handlers.FunctionEnvironment;
import dev.scimserverless.handlers.FunctionSupport;
import dev.scimserverless.handlers.ProvisioningRecorder;
import dev.scimserverless.handlers.ScimFunction;
import dev.scimserverless.handlers.TokenAuthorizerHandler;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbAuditLog;
import dev.scimserverless.store.dynamodb.DynamoDbClients;
import dev.scimserverless.store.dynamodb.DynamoDbProvisioningLog;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.DynamoDbTables;
import dev.scimserverless.store.dynamodb.DynamoDbWebhookDeliveries;
import dev.scimserverless.store.dynamodb.DynamoDbWebhookSubscriptions;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import dev.scimserverless.store.memory.InMemoryProvisioningLog;
import dev.scimserverless.store.memory.InMemoryStore;
import dev.scimserverless.store.memory.InMemoryWebhookDeliveries;
import dev.scimserverless.store.memory.InMemoryWebhookSubscriptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import software.amazon.awssdk.regions.Region;

/**
 * Hosts the Lambda handlers on 127.0.0.1 exactly as API Gateway would: the same routes as
 * template.yaml ({@link LocalRoutes}), the TOKEN authorizer run first on every request, then the
 * handler on a real API Gateway proxy event with the authorizer's context, and the gateway
 * responses of the template for what never reaches a function (401, unknown route 404, too-large
 * body 413, and 429 with {@code Retry-After} past the per-tenant rate limit, as the template's
 * usage plan does). Every request gets an answer: whatever fails on the way (reading the body, the
 * authorizer's store, the rate limiter, the function) is the template's DEFAULT_5XX, a 503 SCIM
 * Error with {@code Retry-After}, logged with the request id it names ({@link #unavailable}).
 * Changes are audited into the {@link Settings#auditLog()}.
 */
public final class LocalEndpoint implements AutoCloseable {
  /** The JDK HttpServer's switch for TCP_NODELAY on accepted sockets (read once, at its load). */
  static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    // Without TCP_NODELAY every response on a kept-alive connection waits for the client's delayed
    // ACK (~40 ms on Linux): 180 requests/s instead of thousands (docs/performance.md, "Through
    // the socket"). Set before the JDK's server classes read it; an explicit -D wins.
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
  }

  /** API Gateway's REST API payload limit. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  /** The {@code Retry-After} of the template's DEFAULT_5XX gateway response. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ExecutorService provisioningWriter;
  private final LocalRoutes routes;
  private final TokenAuthorizerHandler authorizer;
  private final LocalAdmin admin;
  private final LocalConsole console;
  private final Settings settings;
  private final TenantRateLimiter rateLimiter;

  private LocalEndpoint(
      HttpServer server,
      ExecutorService executor,
      ExecutorService provisioningWriter,
      LocalRoutes routes,
      TokenAuthorizerHandler authorizer,
      LocalAdmin admin,
      LocalConsole console,
      Settings settings) {
    this.server = server;
    this.executor = executor;
    this.provisioningWriter = provisioningWriter;
    this.routes = routes;
    this.authorizer = authorizer;
    this.admin = admin;
    this.console = console;
    this.settings = settings;
    this.rateLimiter =
        settings.rateLimit() > 0
            ? new TenantRateLimiter(settings.rateLimit(), System::nanoTime)
            : null;
  }

  /**
   * How the endpoint runs besides its store.
   *
   * @param auditLog where changes are audited
   * @param rateLimit requests per second per tenant (also the burst), 0 for no limit
   * @param dynamoDbCalls running total of the store client's DynamoDB calls, for the log lines
   * @param provisioningLog where each SCIM request is kept for the tenant's admin
   * @param adminToken the bearer token that the Admin API ({@code /admin/v1}) accepts
   * @param schemas the schemas served (standard, or with operator-declared extensions)
   * @param webhooks the tenants' webhook subscriptions (the Admin API manages them)
   * @param webhookDeliveries their delivery attempts and dead letters
   */
  public record Settings(
      AuditLog auditLog,
      int rateLimit,
      LongSupplier dynamoDbCalls,
      ProvisioningLog provisioningLog,
      String adminToken,
      SchemaRegistry schemas,
      WebhookSubscriptions webhooks,
      WebhookDeliveries webhookDeliveries) {
    /**
     * An in-memory audit trail, provisioning log and webhook stores, no rate limit, no call counts,
     * a new admin token.
     */
    public static Settings defaults() {
      return new Settings(
          new InMemoryAuditLog(),
          0,
          () -> 0,
          new InMemoryProvisioningLog(),
          newAdminToken(),
          SchemaRegistry.standard(),
          new InMemoryWebhookSubscriptions(),
          new InMemoryWebhookDeliveries());
    }

    public Settings withRateLimit(int requestsPerSecond) {
      return new Settings(
          auditLog,
          requestsPerSecond,
          dynamoDbCalls,
          provisioningLog,
          adminToken,
          schemas,
          webhooks,
          webhookDeliveries);
    }

    public Settings withAuditLog(AuditLog log) {
      return new Settings(
          log,
          rateLimit,
          dynamoDbCalls,
          provisioningLog,
          adminToken,
          schemas,
          webhooks,
          webhookDeliveries);
    }

    public Settings withDynamoDbCalls(LongSupplier calls) {
      return new Settings(
          auditLog,
          rateLimit,
          calls,
          provisioningLog,
          adminToken,
          schemas,
          webhooks,
          webhookDeliveries);
    }

    public Settings withProvisioningLog(ProvisioningLog log) {
      return new Settings(
          auditLog,
          rateLimit,
          dynamoDbCalls,
          log,
          adminToken,
          schemas,
          webhooks,
          webhookDeliveries);
    }

    /** The bearer token of the Admin API on {@code /admin/v1}. */
    public Settings withAdminToken(String token) {
      return new Settings(
          auditLog,
          rateLimit,
          dynamoDbCalls,
          provisioningLog,
          token,
          schemas,
          webhooks,
          webhookDeliveries);
    }

    /** The schemas served: the standard ones with {@code --schema-extension} files. */
    public Settings withSchemas(SchemaRegistry registry) {
      return new Settings(
          auditLog,
          rateLimit,
          dynamoDbCalls,
          provisioningLog,
          adminToken,
          registry,
          webhooks,
          webhookDeliveries);
    }

    /** The stores of webhook subscriptions and of their attempts and dead letters. */
    public Settings withWebhooks(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries) {
      return new Settings(
          auditLog,
          rateLimit,
          dynamoDbCalls,
          provisioningLog,
          adminToken,
          schemas,
          subscriptions,
          deliveries);
    }
  }

  /**
   * Starts an endpoint on 127.0.0.1.
   *
   * @param port the port, 0 for any free one
   * @param store the store for resources
   * @param directory the store for tenants and tokens
   * @param tenants organization id to token, registered (hashed) before serving
   */
  public static <S extends ScimStore & TenantDirectory> LocalEndpoint start(
      int port, S store, Map<String, String> tenants) throws IOException {
    return start(port, store, tenants, Settings.defaults());
  }

  /**
   * Starts an endpoint on 127.0.0.1 with the given settings (audit trail, rate limit).
   *
   * @param port the port, 0 for any free one
   * @param store the store for resources, tenants and tokens
   * @param tenants organization id to token, registered (hashed) before serving
   * @param settings audit trail, rate limit, call counts
   */
  public static <S extends ScimStore & TenantDirectory> LocalEndpoint start(
      int port, S store, Map<String, String> tenants, Settings settings) throws IOException {
    registerTenants(store, tenants);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    ExecutorService executor = Executors.newFixedThreadPool(workerThreads());
    ThreadPoolExecutor provisioningWriter =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            r -> {
              Thread t = new Thread(r, "provisioning-log");
              t.setDaemon(true);
              return t;
            });
    FunctionSupport support =
        FunctionSupport.of(settings.auditLog(), settings.dynamoDbCalls())
            .withProvisioning(
                new ProvisioningRecorder(settings.provisioningLog(), provisioningWriter));
    String baseUrl =
        "http://127.0.0.1:" + server.getAddress().getPort() + ApiGatewayAdapter.BASE_PATH;
    AdminApi admin =
        new AdminApi(
            new AdminService(
                    store,
                    store,
                    settings.auditLog(),
                    settings.provisioningLog(),
                    Clock.systemUTC(),
                    w -> System.err.println("warning: " + w))
                .withWebhooks(settings.webhooks(), settings.webhookDeliveries()),
            baseUrl,
            Clock.systemUTC(),
            new TenantReads(store));
    LocalEndpoint endpoint =
        new LocalEndpoint(
            server,
            executor,
            provisioningWriter,
            LocalRoutes.forStore(store, support, settings.schemas()),
            new TokenAuthorizerHandler(store),
            new LocalAdmin(admin, settings.adminToken()),
            new LocalConsole(admin, settings.adminToken(), Clock.systemUTC()),
            settings);
    server.createContext("/", endpoint::exchange);
    server.setExecutor(executor);
    server.start();
    return endpoint;
  }

  /**
   * A new admin token: 256 random bits like a SCIM token, but {@code adm_} instead of {@code
   * scim_}, so that nobody pastes it into an IdP by mistake.
   */
  static String newAdminToken() {
    return "adm_" + Tokens.newToken().substring(Tokens.PREFIX.length());
  }

  /** One daemon thread that runs deleted groups' membership cascades in order. */
  public static ExecutorService groupCascadeThread() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "group-cascade");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Handler threads: four per core (a request mostly waits on the store), at least 8 and at most
   * 64.
   */
  static int workerThreads() {
    return Math.max(8, Math.min(64, 4 * Runtime.getRuntime().availableProcessors()));
  }

  static void registerTenants(TenantDirectory directory, Map<String, String> tenants) {
    for (Map.Entry<String, String> t : tenants.entrySet()) {
      try {
        directory.createTenant(new Tenant(t.getKey(), t.getKey(), false, Instant.now()));
      } catch (StoreException.UniquenessConflict existing) {
        // the tenant exists already (a persistent DynamoDB table): keep it
      }
      try {
        directory.putToken(
            new TokenRecord(
                Tokens.newTokenId(),
                t.getKey(),
                Tokens.hash(t.getValue()),
                Instant.now(),
                Optional.empty(),
                false));
      } catch (StoreException.UniquenessConflict existing) {
        // the same token was registered before
      }
    }
  }

  /** Starts the endpoint from the command line and serves until Ctrl-C. */
  public static void main(String[] args) throws Exception {
    LocalOptions options;
    try {
      options = LocalOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Map<String, String> tenants = new LinkedHashMap<>(options.tenants());
    if (tenants.isEmpty()) {
      tenants.put("default", Tokens.newToken());
    }
    LocalEndpoint endpoint;
    LocalEvents events;
    Settings settings;
    try {
      settings =
          Settings.defaults().withRateLimit(options.rateLimit()).withSchemas(options.schemas());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.adminToken().isPresent()) {
      settings = settings.withAdminToken(options.adminToken().get());
    }
    if (options.dynamodbEndpoint().isPresent()) {
      software.amazon.awssdk.services.dynamodb.DynamoDbClient raw =
          DynamoDbClients.clientFor(URI.create(options.dynamodbEndpoint().get()), Region.US_EAST_1);
      CountingDynamoDbClient client = new CountingDynamoDbClient(raw);
      DynamoDbTables.createIfMissing(client, options.table());
      settings =
          settings
              .withAuditLog(
                  new DynamoDbAuditLog(
                      client,
                      options.table(),
                      Duration.ofDays(FunctionEnvironment.DEFAULT_AUDIT_RETENTION_DAYS)))
              .withProvisioningLog(new DynamoDbProvisioningLog(client, options.table()))
              .withWebhooks(
                  // the raw client: the relay's background reads are not a request's calls
                  new DynamoDbWebhookSubscriptions(raw, options.table()),
                  new DynamoDbWebhookDeliveries(raw, options.table()))
              .withDynamoDbCalls(client::totalCalls);
      // a deleted group's memberships go after the DELETE has answered, on one background
      // thread, as the GroupCascade function does it from the stream in AWS
      DynamoDbStore store =
          new DynamoDbStore(client, options.table()).withGroupCascades(groupCascadeThread());
      endpoint = start(options.port(), store, tenants, settings);
      events = startEvents(options, store, store, settings, LocalEvents.DYNAMODB_LOOKBACK);
    } else {
      InMemoryStore store = new InMemoryStore();
      endpoint = start(options.port(), store, tenants, settings);
      events = startEvents(options, store, store, settings, Duration.ZERO);
    }
    LocalEvents relay = events;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  relay.close();
                  endpoint.close();
                  System.out.println("scim-local stopped");
                }));
    System.out.println("SCIM base URL: " + endpoint.baseUrl());
    System.out.println(
        "Store: "
            + options
                .dynamodbEndpoint()
                .map(e -> "DynamoDB at " + e + ", table " + options.table())
                .orElse("in memory (lost on exit)"));
    if (options.rateLimit() > 0) {
      System.out.println("Rate limit: " + options.rateLimit() + " requests/s per tenant");
    }
    tenants.forEach((org, token) -> System.out.println("Tenant " + org + " token: " + token));
    System.out.println("Admin API: " + endpoint.adminUrl());
    System.out.println("Console: " + endpoint.consoleUrl() + " (sign in with the admin token)");
    System.out.println(
        "Admin token"
            + (options.adminToken().isPresent() ? " (--admin-token)" : "")
            + ": "
            + (options.adminToken().isPresent() ? "as given" : settings.adminToken()));
    System.out.println(
        "Try: curl -H \"Authorization: Bearer <token>\" " + endpoint.baseUrl() + "/Users");
    System.out.println("Ctrl-C stops it.");
  }

  /**
   * Relays the store's outbox to the tenants' webhook subscriptions (always: one may be added at
   * any time through the Admin API) and, with {@code --webhook}, to that URL for every tenant (its
   * secret generated when not given).
   */
  private static LocalEvents startEvents(
      LocalOptions options,
      dev.scimserverless.core.store.ChangeOutbox outbox,
      TenantDirectory directory,
      Settings settings,
      Duration lookback) {
    Optional<dev.scimserverless.core.events.WebhookSink.Endpoint> webhook = Optional.empty();
    if (options.webhook().isPresent()) {
      String secret =
          options
              .webhookSecret()
              .orElseGet(dev.scimserverless.core.events.StandardWebhooks::newSecret);
      System.out.println("Webhook: " + options.webhook().get());
      if (options.webhookSecret().isEmpty()) {
        System.out.println("Webhook secret: " + secret);
      }
      webhook =
          Optional.of(
              new dev.scimserverless.core.events.WebhookSink.Endpoint(
                  URI.create(options.webhook().get()), secret));
    }
    return LocalEvents.start(
        outbox,
        directory,
        webhook,
        settings.webhooks(),
        settings.webhookDeliveries(),
        dev.scimserverless.core.events.RetryPolicy.STANDARD,
        lookback,
        Duration.ofMillis(20));
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port() + ApiGatewayAdapter.BASE_PATH;
  }

  /** The Admin API's base URL. */
  public String adminUrl() {
    return "http://127.0.0.1:" + port() + AdminApi.BASE_PATH;
  }

  /** The admin console's URL. */
  public String consoleUrl() {
    return "http://127.0.0.1:" + port() + LocalConsole.BASE + "/";
  }

  /** The bearer token the Admin API accepts. */
  public String adminToken() {
    return settings.adminToken();
  }

  /** The provisioning log the SCIM requests are kept in. */
  public ProvisioningLog provisioningLog() {
    return settings.provisioningLog();
  }

  /** The audit trail the handlers record changes in. */
  public AuditLog auditLog() {
    return settings.auditLog();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    provisioningWriter.shutdown();
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      String requestId = UUID.randomUUID().toString();
      APIGatewayProxyResponseEvent response;
      try {
        response = answer(exchange, requestId);
      } catch (Exception | Error e) {
        // whatever failed (the body read, a store, a bug), the client gets an answer, never a
        // connection closed without a status line
        response = unavailable("request", requestId, e);
      }
      byte[] body =
          response.getBody() == null
              ? new byte[0]
              : response.getBody().getBytes(StandardCharsets.UTF_8);
      if (response.getHeaders() != null) {
        response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      }
      if (response.getMultiValueHeaders() != null) {
        // several Set-Cookie headers (the console), as API Gateway sends multiValueHeaders
        response
            .getMultiValueHeaders()
            .forEach((k, v) -> v.forEach(one -> exchange.getResponseHeaders().add(k, one)));
      }
      if (!exchange.getResponseHeaders().containsKey(ScimFunction.REQUEST_ID_HEADER)) {
        // the gateway's own answers (401, 404, 413, 429) name the request too
        exchange.getResponseHeaders().set(ScimFunction.REQUEST_ID_HEADER, requestId);
      }
      int status = response.getStatusCode();
      // a HEAD answer has headers only: the JDK server refuses body bytes for it
      boolean noBody =
          status == 204
              || status == 304
              || body.length == 0
              || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
      exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private APIGatewayProxyResponseEvent answer(HttpExchange exchange, String requestId)
      throws IOException {
    // the whole body first, before any early answer: the JDK server resets a connection whose
    // request body was left unread, and the client would see no answer at all
    byte[] bytes = readBody(exchange.getRequestBody());
    if (bytes == null) {
      return gatewayResponse(413, "The request body is larger than API Gateway accepts.");
    }
    String method = exchange.getRequestMethod().toUpperCase();
    String rawPath = exchange.getRequestURI().getRawPath();
    String path;
    Map<String, List<String>> multiQuery;
    try {
      path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
      multiQuery = query(exchange.getRequestURI().getRawQuery());
    } catch (IllegalArgumentException malformed) {
      // what API Gateway answers for a URL it cannot decode: a 400 before any function runs
      return gatewayResponse(400, "The URL is not well-formed (bad percent-encoding).");
    }
    if (LocalConsole.serves(path)) {
      return console.answer(
          method, path, multiQuery, exchange.getRequestHeaders(), bytes, requestId);
    }
    if (LocalAdmin.serves(path)) {
      return admin.answer(method, path, multiQuery, exchange.getRequestHeaders(), bytes, requestId);
    }
    Optional<LocalRoutes.Match> match = routes.match(method, path);
    if (match.isEmpty()) {
      // API Gateway's MISSING_AUTHENTICATION_TOKEN response, mapped to 404 in template.yaml
      return gatewayResponse(404, "No such endpoint: " + method + " " + path + ".");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (k, v) -> {
              headers.put(k, v.get(0));
              multiHeaders.put(k, new ArrayList<>(v));
            });
    headers.putIfAbsent("X-Forwarded-Proto", "http");

    Map<String, String> context;
    try {
      context = authorize(headers, method, path);
    } catch (TokenAuthorizerHandler.UnauthorizedException e) {
      return gatewayResponse(401, "Authentication failed: a valid bearer token is required.");
    } catch (RuntimeException | Error e) {
      // an authorizer that fails otherwise is AUTHORIZER_FAILURE, DEFAULT_5XX in template.yaml
      return unavailable("authorizer", requestId, e);
    }
    if (rateLimiter != null) {
      long retryAfter = rateLimiter.acquire(context.getOrDefault(ApiGatewayAdapter.TENANT_KEY, ""));
      if (retryAfter > 0) {
        // the template's THROTTLED gateway response
        APIGatewayProxyResponseEvent throttled =
            gatewayResponse(429, "Too many requests; retry later.");
        throttled.setHeaders(
            Map.of(
                "Content-Type", "application/scim+json", "Retry-After", Long.toString(retryAfter)));
        return throttled;
      }
    }

    APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
    event.setResource(match.get().route().path());
    event.setPath(path);
    event.setHttpMethod(method);
    event.setHeaders(headers);
    event.setMultiValueHeaders(multiHeaders);
    event.setPathParameters(match.get().pathParameters());

    if (!multiQuery.isEmpty()) {
      Map<String, String> single = new HashMap<>();
      multiQuery.forEach((k, v) -> single.put(k, v.get(v.size() - 1)));
      event.setQueryStringParameters(single);
      event.setMultiValueQueryStringParameters(multiQuery);
    }
    event.setBody(bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8));
    event.setIsBase64Encoded(false);
    APIGatewayProxyRequestEvent.ProxyRequestContext rc =
        new APIGatewayProxyRequestEvent.ProxyRequestContext();
    rc.setRequestId(requestId);
    rc.setPath(path);
    rc.setStage("local");
    rc.setHttpMethod(method);
    rc.setResourcePath(match.get().route().path());
    rc.setDomainName(headers.getOrDefault("Host", "127.0.0.1:" + port()));
    rc.setAuthorizer(new HashMap<>(context));
    event.setRequestContext(rc);
    try {
      return match.get().handler().handleRequest(event, null);
    } catch (RuntimeException | Error e) {
      // What API Gateway does when a function fails: DEFAULT_5XX, a 503 SCIM Error in template.yaml
      return unavailable("function", requestId, e);
    }
  }

  /**
   * The template's DEFAULT_5XX gateway response (503, {@code Retry-After}) for a step that failed,
   * logged with the request id that the answer names.
   */
  static APIGatewayProxyResponseEvent unavailable(String step, String requestId, Throwable e) {
    System.err.println(step + " failed on request " + requestId + ": " + e);
    APIGatewayProxyResponseEvent r =
        gatewayResponse(
            503, "The service is temporarily unavailable. Request id: " + requestId + ".");
    r.setHeaders(
        Map.of(
            "Content-Type",
            "application/scim+json",
            "Retry-After",
            Integer.toString(RETRY_AFTER_SECONDS)));
    return r;
  }

  private Map<String, String> authorize(Map<String, String> headers, String method, String path) {
    String authorization = null;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase("Authorization")) {
        authorization = h.getValue();
      }
    }
    if (authorization == null || authorization.isBlank()) {
      // API Gateway rejects a missing identity source without calling the authorizer
      throw new TokenAuthorizerHandler.UnauthorizedException();
    }
    APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
    event.setType("TOKEN");
    event.setAuthorizationToken(authorization);
    event.setMethodArn("arn:aws:execute-api:local:000000000000:local/local/" + method + path);
    Map<String, Object> policy = authorizer.handleRequest(event, null);
    Map<String, String> context = new HashMap<>();
    Object ctx = policy.get("context");
    if (ctx instanceof Map<?, ?> m) {
      m.forEach((k, v) -> context.put(String.valueOf(k), String.valueOf(v)));
    }
    context.put("principalId", String.valueOf(policy.get("principalId")));
    return context;
  }

  private static APIGatewayProxyResponseEvent gatewayResponse(int status, String detail) {
    APIGatewayProxyResponseEvent r = new APIGatewayProxyResponseEvent();
    r.setStatusCode(status);
    r.setHeaders(
        status == 401
            ? Map.of(
                "Content-Type",
                "application/scim+json",
                "WWW-Authenticate",
                "Bearer realm=\"scim\"")
            : Map.of("Content-Type", "application/scim+json"));
    r.setBody(Json.write(ScimErrors.body(status, null, detail)));
    return r;
  }

  /**
   * The request body, null when larger than API Gateway accepts; then the rest is read and dropped
   * (so that the connection stays usable and the client reads the 413 instead of a reset).
   */
  static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length <= MAX_BODY_BYTES) {
      return bytes;
    }
    in.transferTo(OutputStream.nullOutputStream());
    return null;
  }

  static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }
}
