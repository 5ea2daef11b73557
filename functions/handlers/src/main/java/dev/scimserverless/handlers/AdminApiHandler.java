package dev.scimserverless.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.core.admin.AdminApi;
import dev.scimserverless.core.admin.AdminService;
import dev.scimserverless.core.admin.TenantReads;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Admin API function ({@code /admin/v1}), behind an API Gateway API with {@code AWS_IAM}
 * authorization: the platform's backend calls it with SigV4, and the caller's IAM ARN is the actor
 * in the audit trail. The SCIM base URL it gives out is {@code SCIM_BASE_URL}. A no-arg constructor
 * for Lambda (the table of {@code TABLE_NAME}), one taking the API for tests.
 */
public final class AdminApiHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private final AdminApi api;

  public AdminApiHandler() {
    this(environmentApi());
  }

  /**
   * The Admin API on the environment's table (also the console's, {@link ConsoleHandler}), giving
   * out {@code SCIM_BASE_URL}.
   */
  static AdminApi environmentApi() {
    return new AdminApi(
        new AdminService(
                FunctionEnvironment.store(),
                FunctionEnvironment.store(),
                FunctionEnvironment.auditLog(),
                FunctionEnvironment.provisioningLog(),
                Clock.systemUTC(),
                w -> System.out.println("{\"level\":\"WARN\",\"message\":" + quote(w) + "}"))
            .withWebhooks(
                FunctionEnvironment.webhookSubscriptions(),
                FunctionEnvironment.webhookDeliveries()),
        Optional.ofNullable(System.getenv("SCIM_BASE_URL")).orElse(""),
        Clock.systemUTC(),
        new TenantReads(FunctionEnvironment.store()));
  }

  public AdminApiHandler(AdminApi api) {
    this.api = api;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(
      APIGatewayProxyRequestEvent event, Context context) {
    String requestId = ApiGatewayAdapter.requestId(event);
    String path = Optional.ofNullable(event.getPath()).orElse("");
    int base = path.indexOf(AdminApi.BASE_PATH);
    String sub = base < 0 ? path : path.substring(base + AdminApi.BASE_PATH.length());
    Map<String, String> query =
        event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    AdminApi.Response r =
        api.handle(
            new AdminApi.Request(
                event.getHttpMethod(),
                sub,
                query,
                event.getBody(),
                new AdminService.Actor("admin:" + caller(event), requestId)));
    APIGatewayProxyResponseEvent out = new APIGatewayProxyResponseEvent();
    out.setStatusCode(r.status());
    Map<String, String> headers = new HashMap<>(r.headers());
    headers.put(ScimFunction.REQUEST_ID_HEADER, requestId);
    out.setHeaders(headers);
    out.setBody(r.body());
    return out;
  }

  /** The IAM identity that signed the request (API Gateway fills it in under AWS_IAM). */
  private static String caller(APIGatewayProxyRequestEvent event) {
    if (event.getRequestContext() != null && event.getRequestContext().getIdentity() != null) {
      String arn = event.getRequestContext().getIdentity().getUserArn();
      if (arn != null && !arn.isBlank()) {
        return arn;
      }
      String caller = event.getRequestContext().getIdentity().getCaller();
      if (caller != null && !caller.isBlank()) {
        return caller;
      }
    }
    return "unknown";
  }

  private static String quote(String s) {
    return dev.scimserverless.core.json.Json.mapper().valueToTree(s).toString();
  }
}
