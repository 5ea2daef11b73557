package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.core.error.ScimErrors;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.http.ScimDispatcher;
import dev.scimserverless.core.http.ScimEndpoint;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import java.util.Optional;

/**
 * The shape every SCIM Lambda handler shares: take the tenant from the authorizer context,
 * translate the event, dispatch to a core endpoint, log one line, translate back. Subclasses only
 * choose the endpoint.
 */
public abstract class ScimFunction
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  private final ScimDispatcher dispatcher;
  private final RequestLog log;

  protected ScimFunction(ScimEndpoint endpoint) {
    this.log = RequestLog.stdout();
    this.dispatcher = new ScimDispatcher(endpoint, log::failure);
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    long start = System.nanoTime();
    Optional<String> tenant = ApiGatewayAdapter.tenant(event);
    ScimResponse response;
    ScimRequest request = ApiGatewayAdapter.toScimRequest(event, tenant.orElse(null));
    if (tenant.isEmpty()) {
      // Only reachable when the function is invoked without the authorizer in front of it.
      response = ScimErrors.response(ScimException.unauthorized("Authentication is required."));
    } else {
      response = dispatcher.dispatch(request);
    }
    log.request(request, event.getResource(), response, System.nanoTime() - start);
    return ApiGatewayAdapter.toEvent(response);
  }
}
