package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import dev.scimserverless.core.auth.Principal;
import dev.scimserverless.core.auth.TokenAuthenticator;
import dev.scimserverless.core.auth.UsageKeys;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TokenRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway TOKEN authorizer: {@code Authorization: Bearer <token>} whose SHA-256 hash is stored
 * for an enabled organization. Allows every route of the stage (so API Gateway's authorizer cache,
 * keyed by the token, holds across routes) and passes the organization id in the context, which the
 * SCIM handlers use as the tenant, and the token id, which they log and audit. Returns the tenant's
 * usage-plan key as {@code usageIdentifierKey} ({@link UsageKeys}), so that API Gateway throttles
 * each tenant by the usage plan. Anything else throws {@code Unauthorized}, which API Gateway
 * answers with the UNAUTHORIZED gateway response (a SCIM Error, see template.yaml). A store that
 * fails or throttles while the token is looked up is not a bad token: it throws {@link
 * UnavailableException}, which API Gateway answers 503 with {@code Retry-After} (DEFAULT_5XX) and
 * does not cache.
 *
 * <p>Records the token's last use at most once per {@link #TOUCH_INTERVAL} (it reads the last use
 * with the token anyway), and never fails a request for it. API Gateway caches the decision per
 * token for {@code AuthorizerCacheTtlSeconds}: a revoked token or a disabled tenant stops working
 * within that time.
 */
public final class TokenAuthorizerHandler
    implements RequestHandler<APIGatewayCustomAuthorizerEvent, Map<String, Object>> {

  /** The exact message API Gateway turns into a 401. */
  public static final String UNAUTHORIZED = "Unauthorized";

  /** How often at most the last use of a token is written. */
  public static final Duration TOUCH_INTERVAL = Duration.ofHours(1);

  private final TenantDirectory directory;
  private final TokenAuthenticator authenticator;
  private final Clock clock;

  /**
   * The constructor Lambda calls: the tokens and tenants of the environment's table; primed before
   * a SnapStart snapshot ({@link SnapStartPriming#authorizer}).
   */
  public TokenAuthorizerHandler() {
    this(FunctionEnvironment.store());
    SnapStartPriming.authorizer(this).register();
  }

  public TokenAuthorizerHandler(TenantDirectory directory) {
    this(directory, Clock.systemUTC());
  }

  public TokenAuthorizerHandler(TenantDirectory directory, Clock clock) {
    this.directory = directory;
    this.authenticator = new TokenAuthenticator(directory);
    this.clock = clock;
  }

  @Override
  public Map<String, Object> handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
    Optional<TokenRecord> token;
    try {
      token = authenticator.authenticatedToken(event.getAuthorizationToken());
    } catch (RuntimeException storeFailure) {
      // not "Unauthorized": API Gateway answers AUTHORIZER_FAILURE (DEFAULT_5XX, a 503 with
      // Retry-After in template.yaml) and caches nothing, where a Deny would lock the IdP out for
      // the cache TTL although its token is good
      throw new UnavailableException(storeFailure);
    }
    if (token.isEmpty()) {
      throw new UnauthorizedException();
    }
    touch(token.get());
    return policy(new Principal(token.get().tenant(), token.get().tokenId()), event.getMethodArn());
  }

  /** Records the use unless one was recorded less than an hour ago; never throws. */
  private void touch(TokenRecord token) {
    Instant now = clock.instant();
    if (!dueForTouch(token.lastUsed(), now)) {
      return;
    }
    try {
      directory.touchToken(token.hash(), now);
    } catch (RuntimeException e) {
      // best effort: the last-use time is informational, the request goes on
    }
  }

  static boolean dueForTouch(Optional<Instant> lastUsed, Instant now) {
    return lastUsed.isEmpty() || !lastUsed.get().plus(TOUCH_INTERVAL).isAfter(now);
  }

  static Map<String, Object> policy(Principal principal, String methodArn) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Action", "execute-api:Invoke");
    statement.put("Effect", "Allow");
    statement.put("Resource", List.of(stageWildcard(methodArn)));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("Version", "2012-10-17");
    document.put("Statement", List.of(statement));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put(ApiGatewayAdapter.TENANT_KEY, principal.tenant());
    context.put(ApiGatewayAdapter.TOKEN_ID_KEY, principal.tokenId());
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("principalId", principal.tokenId());
    response.put("policyDocument", document);
    response.put("context", context);
    response.put("usageIdentifierKey", UsageKeys.forTenant(principal.tenant()));
    return response;
  }

  /**
   * {@code arn:aws:execute-api:region:account:api/stage/GET/scim/v2/Users} becomes {@code
   * arn:aws:execute-api:region:account:api/stage/*}: every method and path of the stage.
   */
  static String stageWildcard(String methodArn) {
    if (methodArn == null) {
      return "*";
    }
    String[] parts = methodArn.split("/", 3);
    if (parts.length < 2) {
      return methodArn;
    }
    return parts[0] + "/" + parts[1] + "/*";
  }

  /** Thrown to make API Gateway answer 401. */
  public static final class UnauthorizedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException() {
      super(UNAUTHORIZED, null, false, false);
    }
  }

  /**
   * Thrown when the token cannot be checked (the store failed or throttled): any message but
   * {@value #UNAUTHORIZED} makes API Gateway answer its AUTHORIZER_FAILURE response, a 5XX, and
   * cache no decision.
   */
  public static final class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(Throwable cause) {
      super("Token store unavailable", cause);
    }
  }
}
