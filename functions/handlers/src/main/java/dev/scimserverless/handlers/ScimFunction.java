package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.core.change.ChangeContext;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.http.ScimDispatcher;
import dev.scimserverless.core.http.ScimEndpoint;
import dev.scimserverless.core.http.ScimErrors;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.service.ServiceProviderConfig;
import dev.scimserverless.core.store.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape every SCIM Lambda handler shares: take the tenant (and token id) from the authorizer
 * context, translate the event, refuse bodies over {@link ServiceProviderConfig#maxPayloadSize()}
 * (413), dispatch to a core endpoint (in a {@link ChangeContext} naming the token and request),
 * hand every change it committed to the audit trail, log one line, translate back. Subclasses only
 * choose the endpoint.
 */
public abstract class ScimFunction
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

  /** The largest request body accepted, in bytes (as the ServiceProviderConfig says). */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  public static final int MAX_PAYLOAD_BYTES = ServiceProviderConfig.STANDARD.maxPayloadSize();

  private final ScimDispatcher dispatcher;
  private final FunctionSupport support;

  protected ScimFunction(ScimEndpoint endpoint, FunctionSupport support) {
    this.support = support;
    this.dispatcher = new ScimDispatcher(endpoint, support.log()::failure);
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    long start = System.nanoTime();
    Instant arrived = support.clock().instant();
    long callsBefore = support.dynamoDbCalls().getAsLong();
    Optional<String> tenant = ApiGatewayAdapter.tenant(event);
    String tokenId =
        ApiGatewayAdapter.authorizerValue(event, ApiGatewayAdapter.TOKEN_ID_KEY).orElse(null);
    ScimRequest request = ApiGatewayAdapter.toScimRequest(event, tenant.orElse(null));
    ScimResponse response;
    List<String> ignored = List.of();
    if (tenant.isEmpty()) {
      // Only reachable when the function is invoked without the authorizer in front of it.
      response = ScimErrors.response(ScimException.unauthorized("Authentication is required."));
    } else if (tooLarge(request.body())) {
      response =
          ScimErrors.response(
              ScimException.payloadTooLarge(
                  "The request body is larger than " + MAX_PAYLOAD_BYTES + " bytes."));
    } else {
      ChangeContext changes = new ChangeContext(tokenId, request.requestId());
      response = changes.run(() -> dispatcher.dispatch(request));
      audit(changes);
      ignored = changes.ignoredAttributes();
    }
    response =
        withRequestIdHeader(
            ServerErrors.withRequestId(response, request.requestId()), request.requestId());
    support
        .log()
        .request(
            request,
            event.getResource(),
            tokenId,
            response,
            System.nanoTime() - start,
            support.dynamoDbCalls().getAsLong() - callsBefore);
    support
        .provisioning()
        .record(
            arrived,
            request,
            event.getResource(),
            tokenId,
            response,
            System.nanoTime() - start,
            ignored);
    return ApiGatewayAdapter.toEvent(response);
  }

  /**
   * Every response names its request in {@code X-Request-Id}: the id the provisioning log and the
   * log line keep, so that an admin can find one IdP call from the IdP's own log.
   */
  static ScimResponse withRequestIdHeader(ScimResponse response, String requestId) {
    if (requestId == null) {
      return response;
    }
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    headers.put(REQUEST_ID_HEADER, requestId);
    return new ScimResponse(response.status(), headers, response.body());
  }

  /**
   * Hands each change the request committed to the audit trail (on DynamoDB the store wrote its
   * record with the change already). A failed audit write does not fail the change (it is made):
   * the event goes to an ERROR log line instead, whole, so that it reaches CloudWatch.
   */
  private void audit(ChangeContext changes) {
    for (ProvisioningChange change : changes.changes()) {
      try {
        support.auditLog().recordChange(change);
      } catch (RuntimeException e) {
        support.log().auditFailure(AuditEvent.of(change), e);
      }
    }
  }

  /** Whether the body's UTF-8 encoding is longer than {@link #MAX_PAYLOAD_BYTES}. */
  static boolean tooLarge(String body) {
    if (body == null) {
      return false;
    }
    if (body.length() > MAX_PAYLOAD_BYTES) {
      return true; // at least one byte per char
    }
    if ((long) body.length() * 3 <= MAX_PAYLOAD_BYTES) {
      return false; // at most three bytes per UTF-16 char
    }
    return body.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES;
  }
}
