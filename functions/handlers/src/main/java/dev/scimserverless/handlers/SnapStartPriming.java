package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.core.auth.Tokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: a CRaC {@code beforeCheckpoint} hook that runs harmless requests through a
 * function's handler before Lambda takes the snapshot, so that the first request after a restore
 * does not pay the class loading and first-use set-up of the request path (the SCIM core, Jackson,
 * the SDK's marshalling, signing, endpoint rules and HTTP client).
 *
 * <p>Every priming request only reads, as tenant {@value #TENANT} (an id no organization is given):
 * {@code GET} of a resource id that does not exist, a {@code filter=... eq "__priming__"} list, the
 * discovery documents, and the authorizer with a fresh random token that no tenant holds. None of
 * them changes anything (GETs make no audit event, an unknown token is not touched). Their request
 * log lines go to the init log with that tenant.
 *
 * <p>The hook runs only when the runtime takes a checkpoint (Lambda publishing a version with
 * SnapStart on); on a JVM without CRaC {@link #register()} does nothing. {@link #prime()} never
 * throws: a failed priming request (DynamoDB unreachable, throttled, no permission) is skipped, so
 * priming can never fail the function's init or the snapshot.
 */
public final class SnapStartPriming implements Resource {
  /** The tenant of priming requests. */
  public static final String TENANT = "__priming__";

  /** A resource id that does not exist (no id the store assigns has this form). */
  static final String MISSING_ID = "__priming__-not-a-resource";

  /**
   * The global CRaC context keeps weak references to its resources: the registered primings are
   * kept here, for the life of the function instance.
   */
  private static final List<SnapStartPriming> REGISTERED = new ArrayList<>();

  private final List<BooleanSupplier> requests;

  private SnapStartPriming(List<BooleanSupplier> requests) {
    this.requests = List.copyOf(requests);
  }

  /**
   * Priming of the Users function: {@code GET /Users/{id}} of a missing id and {@code GET
   * /Users?filter=userName eq "__priming__"} (what an IdP asks before it creates a user).
   */
  public static SnapStartPriming users(ScimFunction users) {
    return scim(
        users,
        get("/Users/{id}", "/Users/" + MISSING_ID, Map.of()),
        get("/Users", "/Users", Map.of("filter", "userName eq \"" + TENANT + "\"")));
  }

  /**
   * Priming of the Groups function: {@code GET /Groups/{id}} of a missing id and {@code GET
   * /Groups?filter=displayName eq "__priming__"}.
   */
  public static SnapStartPriming groups(ScimFunction groups) {
    return scim(
        groups,
        get("/Groups/{id}", "/Groups/" + MISSING_ID, Map.of()),
        get("/Groups", "/Groups", Map.of("filter", "displayName eq \"" + TENANT + "\"")));
  }

  /** Priming of the discovery function: its three documents. */
  public static SnapStartPriming discovery(ScimFunction discovery) {
    return scim(
        discovery,
        get("/ServiceProviderConfig", "/ServiceProviderConfig", Map.of()),
        get("/ResourceTypes", "/ResourceTypes", Map.of()),
        get("/Schemas", "/Schemas", Map.of()));
  }

  /**
   * Priming of the authorizer: a well-formed token that no tenant holds (a new random one), which
   * it looks up and refuses.
   */
  public static SnapStartPriming authorizer(TokenAuthorizerHandler authorizer) {
    Objects.requireNonNull(authorizer, "authorizer");
    return new SnapStartPriming(
        List.of(
            () -> {
              APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
              event.setType("TOKEN");
              event.setAuthorizationToken("Bearer " + Tokens.newToken());
              event.setMethodArn(
                  "arn:aws:execute-api:us-east-1:000000000000:priming/priming/GET/scim/v2/Users");
              try {
                authorizer.handleRequest(event, null);
                return false; // a random token was accepted: not what priming expects
              } catch (TokenAuthorizerHandler.UnauthorizedException expected) {
                return true;
              }
            }));
  }

  /**
   * Registers this priming with the CRaC global context, so that its {@link #beforeCheckpoint} runs
   * before a snapshot; does nothing on a JVM without CRaC, and never throws.
   *
   * @return this
   */
  public SnapStartPriming register() {
    try {
      synchronized (REGISTERED) {
        REGISTERED.add(this);
      }
      Core.getGlobalContext().register(this);
    } catch (RuntimeException | LinkageError e) {
      // no CRaC support: no snapshot to prime
    }
    return this;
  }

  /**
   * Runs every priming request once.
   *
   * @return how many were answered as expected (SCIM 200 or 404, the token refused); the others
   *     failed and were skipped
   */
  public int prime() {
    int answered = 0;
    for (BooleanSupplier request : requests) {
      try {
        if (request.getAsBoolean()) {
          answered++;
        }
      } catch (RuntimeException | LinkageError e) {
        // best effort: the first real request will load what this one did not
      }
    }
    return answered;
  }

  /** How many requests {@link #prime()} runs. */
  public int size() {
    return requests.size();
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing to restore: connections kept in the snapshot expire by time
    // (DynamoDbClients.clientFor)
  }

  private static SnapStartPriming scim(
      ScimFunction function, APIGatewayProxyRequestEvent... events) {
    Objects.requireNonNull(function, "function");
    List<BooleanSupplier> requests = new ArrayList<>();
    for (APIGatewayProxyRequestEvent event : events) {
      requests.add(
          () -> {
            APIGatewayProxyResponseEvent response = function.handleRequest(event, null);
            Integer status = response.getStatusCode();
            return status != null && (status == 200 || status == 404);
          });
    }
    return new SnapStartPriming(requests);
  }

  /** A GET as API Gateway passes it on after the authorizer accepted tenant {@value #TENANT}. */
  private static APIGatewayProxyRequestEvent get(
      String route, String path, Map<String, String> query) {
    APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
    event.setHttpMethod("GET");
    event.setResource(ApiGatewayAdapter.BASE_PATH + route);
    event.setPath(ApiGatewayAdapter.BASE_PATH + path);
    event.setHeaders(Map.of("Host", "priming.invalid", "Accept", "application/scim+json"));
    event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
    APIGatewayProxyRequestEvent.ProxyRequestContext context =
        new APIGatewayProxyRequestEvent.ProxyRequestContext();
    context.setRequestId("snapstart-priming");
    context.setPath("/priming" + ApiGatewayAdapter.BASE_PATH + path);
    Map<String, Object> authorizer = new HashMap<>();
    authorizer.put(ApiGatewayAdapter.TENANT_KEY, TENANT);
    authorizer.put(ApiGatewayAdapter.TOKEN_ID_KEY, "priming");
    context.setAuthorizer(authorizer);
    event.setRequestContext(context);
    return event;
  }
}
