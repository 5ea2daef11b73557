package dev.scimserverless.core.http;

import dev.scimserverless.core.error.ScimException;
import java.util.function.BiConsumer;

/**
 * Runs an endpoint and turns every failure into a SCIM Error response: the one place where
 * exceptions become HTTP answers. Unexpected failures are reported (with the request id) to the
 * given sink and answered as a 500 that reveals nothing but the request id.
 */
public final class ScimDispatcher {
  private final ScimEndpoint endpoint;
  private final BiConsumer<ScimRequest, Throwable> failureSink;

  public ScimDispatcher(ScimEndpoint endpoint, BiConsumer<ScimRequest, Throwable> failureSink) {
    this.endpoint = endpoint;
    this.failureSink = failureSink;
  }

  public ScimResponse dispatch(ScimRequest request) {
    try {
      return endpoint.handle(request);
    } catch (ScimException e) {
      if (e.status() >= 500) {
        failureSink.accept(request, e.getCause() != null ? e.getCause() : e);
      }
      return ScimErrors.response(e);
    } catch (RuntimeException | StackOverflowError e) {
      failureSink.accept(request, e);
      return ScimErrors.internal(request.requestId());
    }
  }
}
