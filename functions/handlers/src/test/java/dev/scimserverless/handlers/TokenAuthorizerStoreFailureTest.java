package dev.scimserverless.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/**
 * A store that fails or throttles while the authorizer looks a token up is not a bad token: the
 * authorizer throws {@link TokenAuthorizerHandler.UnavailableException} (API Gateway's
 * AUTHORIZER_FAILURE, a 503 with Retry-After, nothing cached), never {@code Unauthorized} (a 401
 * that API Gateway would cache as a Deny for the whole TTL, locking a good IdP out).
 */
class TokenAuthorizerStoreFailureTest {

  static APIGatewayCustomAuthorizerEvent event(String authorization) {
    APIGatewayCustomAuthorizerEvent e = new APIGatewayCustomAuthorizerEvent();
    e.setType("TOKEN");
    e.setAuthorizationToken(authorization);
    e.setMethodArn(TokenAuthorizerHandlerTest.ARN);
    return e;
  }

  @Test
  void aStoreFailureIsUnavailableNotUnauthorized() {
    for (Supplier<SdkException> failure :
        List.<Supplier<SdkException>>of(
            () -> ApiCallTimeoutException.create(8_000),
            () -> SdkClientException.create("connection reset"),
            () -> InternalServerErrorException.builder().message("boom").statusCode(500).build(),
            () -> ThrottlingException.builder().message("slow down").build())) {
      TokenAuthorizerHandler authorizer =
          new TokenAuthorizerHandler(
              new DynamoDbStore(new SecurityStoreFailureTest.FailingClient(failure), "scim"));
      TokenAuthorizerHandler.UnavailableException e =
          assertThrows(
              TokenAuthorizerHandler.UnavailableException.class,
              () -> authorizer.handleRequest(event("Bearer " + Tokens.newToken()), null));
      // API Gateway turns exactly "Unauthorized" into a (cached) 401: any other message is a 5XX
      assertNotEquals(TokenAuthorizerHandler.UNAUTHORIZED, e.getMessage());
      assertInstanceOf(StoreException.Unavailable.class, e.getCause());
    }
  }

  @Test
  void aBadTokenIsStillUnauthorizedWithoutAskingTheStore() {
    TokenAuthorizerHandler authorizer =
        new TokenAuthorizerHandler(
            new DynamoDbStore(
                new SecurityStoreFailureTest.FailingClient(
                    () -> SdkClientException.create("connection reset")),
                "scim"));
    for (String header : new String[] {"Basic abc", "Bearer", "", "Bearer a b"}) {
      TokenAuthorizerHandler.UnauthorizedException e =
          assertThrows(
              TokenAuthorizerHandler.UnauthorizedException.class,
              () -> authorizer.handleRequest(event(header), null));
      assertEquals(TokenAuthorizerHandler.UNAUTHORIZED, e.getMessage());
    }
  }
}
