package dev.scimserverless.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.error.ScimErrors;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.handlers.ApiGatewayAdapter;
import dev.scimserverless.handlers.FunctionEnvironment;
import dev.scimserverless.handlers.FunctionSupport;
import dev.scimserverless.handlers.TokenAuthorizerHandler;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbAuditLog;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.DynamoDbTables;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import dev.scimserverless.store.memory.InMemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import software.amazon.awssdk.regions.Region;

/**
 * Hosts the Lambda handlers on 127.0.0.1 exactly as API Gateway would: the same routes as
 * template.yaml ({@link LocalRoutes}), the TOKEN authorizer run first on every request, then the
 * handler on a real API Gateway proxy event with the authorizer's context, and the gateway
 * responses of the template for what never reaches a function (401, unknown route 404, too-large
 * body 413, and 429 with {@code Retry-After} past the per-tenant rate limit, as the template's
 * usage plan does). Changes are audited into the {@link Settings#auditLog()}.
 */
public final class LocalEndpoint implements AutoCloseable {
  /** API Gateway's REST API payload limit. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final LocalRoutes routes;
  private final TokenAuthorizerHandler authorizer;
  private final Settings settings;
  private final TenantRateLimiter rateLimiter;

  private LocalEndpoint(
      HttpServer server,
      ExecutorService executor,
      LocalRoutes routes,
      TokenAuthorizerHandler authorizer,
      Settings settings) {
    this.server = server;
    this.executor = executor;
    this.routes = routes;
    this.authorizer = authorizer;
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
   * @param schemas the schemas served (standard, or with operator-declared extensions)
   */
  public record Settings(
      AuditLog auditLog, int rateLimit, LongSupplier dynamoDbCalls, SchemaRegistry schemas) {
    /** An in-memory audit trail, no rate limit, no call counts, the standard schemas. */
    public static Settings defaults() {
      return new Settings(new InMemoryAuditLog(), 0, () -> 0, SchemaRegistry.standard());
    }

    public Settings withRateLimit(int requestsPerSecond) {
      return new Settings(auditLog, requestsPerSecond, dynamoDbCalls, schemas);
    }

    public Settings withAuditLog(AuditLog log) {
      return new Settings(log, rateLimit, dynamoDbCalls, schemas);
    }

    public Settings withDynamoDbCalls(LongSupplier calls) {
      return new Settings(auditLog, rateLimit, calls, schemas);
    }

    /** The schemas served: the standard ones with {@code --schema-extension} files. */
    public Settings withSchemas(SchemaRegistry registry) {
      return new Settings(auditLog, rateLimit, dynamoDbCalls, registry);
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
  public static <S extends ResourceStore & TenantDirectory & MembershipStore> LocalEndpoint start(
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
  public static <S extends ResourceStore & TenantDirectory & MembershipStore> LocalEndpoint start(
      int port, S store, Map<String, String> tenants, Settings settings) throws IOException {
    registerTenants(store, tenants);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    ExecutorService executor = Executors.newFixedThreadPool(32);
    FunctionSupport support = FunctionSupport.of(settings.auditLog(), settings.dynamoDbCalls());
    LocalEndpoint endpoint =
        new LocalEndpoint(
            server,
            executor,
            LocalRoutes.forStore(store, support, settings.schemas()),
            new TokenAuthorizerHandler(store),
            settings);
    server.createContext("/", endpoint::exchange);
    server.setExecutor(executor);
    server.start();
    return endpoint;
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
    Settings settings;
    try {
      settings =
          Settings.defaults().withRateLimit(options.rateLimit()).withSchemas(options.schemas());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.dynamodbEndpoint().isPresent()) {
      CountingDynamoDbClient client =
          new CountingDynamoDbClient(
              DynamoDbStore.clientFor(
                  URI.create(options.dynamodbEndpoint().get()), Region.US_EAST_1));
      DynamoDbTables.createIfMissing(client, options.table());
      settings =
          settings
              .withAuditLog(
                  new DynamoDbAuditLog(
                      client,
                      options.table(),
                      Duration.ofDays(FunctionEnvironment.DEFAULT_AUDIT_RETENTION_DAYS)))
              .withDynamoDbCalls(client::totalCalls);
      endpoint =
          start(options.port(), new DynamoDbStore(client, options.table()), tenants, settings);
    } else {
      endpoint = start(options.port(), new InMemoryStore(), tenants, settings);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
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
    System.out.println(
        "Try: curl -H \"Authorization: Bearer <token>\" " + endpoint.baseUrl() + "/Users");
    System.out.println("Ctrl-C stops it.");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port() + ApiGatewayAdapter.BASE_PATH;
  }

  /** The audit trail the handlers record changes in. */
  public AuditLog auditLog() {
    return settings.auditLog();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      APIGatewayProxyResponseEvent response = answer(exchange);
      byte[] body =
          response.getBody() == null
              ? new byte[0]
              : response.getBody().getBytes(StandardCharsets.UTF_8);
      if (response.getHeaders() != null) {
        response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      }
      int status = response.getStatusCode();
      boolean noBody = status == 204 || status == 304 || body.length == 0;
      exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private APIGatewayProxyResponseEvent answer(HttpExchange exchange) throws IOException {
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
    String requestId = UUID.randomUUID().toString();
    Optional<LocalRoutes.Match> match = routes.match(method, path);
    if (match.isEmpty()) {
      // API Gateway's MISSING_AUTHENTICATION_TOKEN response, mapped to 404 in template.yaml
      return gatewayResponse(404, "No such endpoint: " + method + " " + path + ".");
    }
    byte[] bytes = readBody(exchange.getRequestBody());
    if (bytes == null) {
      return gatewayResponse(413, "The request body is larger than API Gateway accepts.");
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
    } catch (RuntimeException e) {
      // What API Gateway does when a function fails: DEFAULT_5XX, a SCIM Error in template.yaml
      System.err.println("function failed on request " + requestId + ": " + e);
      return gatewayResponse(502, "The function failed. Request id: " + requestId + ".");
    }
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

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    return bytes.length > MAX_BODY_BYTES ? null : bytes;
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
