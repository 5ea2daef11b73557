package dev.scimserverless.bench;

import static dev.scimserverless.bench.UsersEvents.expect;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

/**
 * The rest of a user's life through the handler, untimed: proves that the jar under measurement
 * serves every Users operation (it is run after the cold-start figures are taken).
 */
final class UsersFlow {
  private UsersFlow() {}

  static void check(
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
      String tenant,
      String id,
      String userName) {
    expect(200, handler.handleRequest(UsersEvents.get(tenant, id), null));
    expect(200, handler.handleRequest(UsersEvents.put(tenant, id, userName + "-renamed"), null));
    String listed =
        expect(
                200,
                handler.handleRequest(
                    UsersEvents.filter(tenant, "userName eq \"" + userName + "-renamed\""), null))
            .getBody();
    if (!listed.contains(id)) {
      throw new IllegalStateException("filter did not find " + id + ": " + listed);
    }
    expect(409, handler.handleRequest(UsersEvents.post(tenant, userName + "-renamed"), null));
    expect(204, handler.handleRequest(UsersEvents.delete(tenant, id), null));
    expect(404, handler.handleRequest(UsersEvents.get(tenant, id), null));
  }
}
