package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import dev.scimserverless.core.auth.Principal;
import dev.scimserverless.core.auth.TokenAuthenticator;
import dev.scimserverless.core.store.TenantDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway TOKEN authorizer: {@code Authorization: Bearer <token>} whose SHA-256 hash is stored
 * for an enabled organization. Allows every route of the stage (so API Gateway's authorizer cache,
 * keyed by the token, holds across routes) and passes the organization id in the context, which
 * the SCIM handlers use as the tenant. Anything else throws {@code Unauthorized}, which API Gateway
 * answers with the UNAUTHORIZED gateway response (a SCIM Error, see template.yaml).
 */
public final class TokenAuthorizerHandler
    implements RequestHandler<APIGatewayCustomAuthorizerEvent, Map<String, Object>> {

  /** The exact message API Gateway turns into a 401. */
  public static final String UNAUTHORIZED = "Unauthorized";

  private final TokenAuthenticator authenticator;

  public TokenAuthorizerHandler() {
    this(FunctionEnvironment.store());
  }

  public TokenAuthorizerHandler(TenantDirectory directory) {
    this.authenticator = new TokenAuthenticator(directory);
  }

  @Override
  public Map<String, Object> handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
    Optional<Principal> principal = authenticator.authenticate(event.getAuthorizationToken());
    if (principal.isEmpty()) {
      throw new UnauthorizedException();
    }
    return policy(principal.get(), event.getMethodArn());
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
}
