package dev.scimserverless.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.store.dynamodb.FakeDynamoDbEndpoint.Behaviour;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The client of {@link DynamoDbClients#clientFor} (the functions' and the authorizer's) against a
 * fake DynamoDB on 127.0.0.1 that throttles every request or never answers: the store must answer
 * {@code Unavailable} (429 or 503) in a few seconds, far inside the functions' 29 s behind API
 * Gateway, instead of letting the SDK retry until the Lambda times out (measured before the limits:
 * 54.7 s and 9 attempts when throttled, 95.2 s when hung). The bounds below are generous on purpose
 * (a loaded CI machine); the measured times are in docs/data-model.md, "Failures".
 */
class ClientLimitsIT {
  private static final String TENANT = "acme";

  @Test
  void aThrottlingEndpointIsUnavailableThrottledAfterThreeAttempts() throws Exception {
    try (FakeDynamoDbEndpoint endpoint = new FakeDynamoDbEndpoint(Behaviour.THROTTLE);
        DynamoDbClient client = DynamoDbClients.clientFor(endpoint.uri(), Region.US_EAST_1)) {
      DynamoDbStore store = new DynamoDbStore(client, "table");

      StoreException.Unavailable e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () ->
                  assertThrows(
                      StoreException.Unavailable.class,
                      () ->
                          store
                              .forTenant(TenantId.of(TENANT))
                              .resources()
                              .get(ResourceType.USER, "u1")));

      assertTrue(e.throttled(), e::toString);
      assertEquals(ClientLimits.MAX_ATTEMPTS, endpoint.requests(), "attempts of the SDK");
    }
  }

  @Test
  void aHungEndpointIsUnavailableNotThrottledWithinTheCallTimeout() throws Exception {
    try (FakeDynamoDbEndpoint endpoint = new FakeDynamoDbEndpoint(Behaviour.HANG);
        DynamoDbClient client = DynamoDbClients.clientFor(endpoint.uri(), Region.US_EAST_1)) {
      DynamoDbStore store = new DynamoDbStore(client, "table");

      StoreException.Unavailable e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(15),
              () ->
                  assertThrows(
                      StoreException.Unavailable.class,
                      () ->
                          store
                              .forTenant(TenantId.of(TENANT))
                              .resources()
                              .count(ResourceType.USER)));

      assertFalse(e.throttled(), e::toString);
      assertTrue(e.getCause() instanceof SdkClientException, () -> String.valueOf(e.getCause()));
      assertTrue(endpoint.requests() <= ClientLimits.MAX_ATTEMPTS, "attempts of the SDK");
    }
  }

  @Test
  void theCountingClientSeesOneCallWhereTheSdkMadeSeveralAttempts() throws Exception {
    try (FakeDynamoDbEndpoint endpoint = new FakeDynamoDbEndpoint(Behaviour.THROTTLE);
        CountingDynamoDbClient counting =
            new CountingDynamoDbClient(
                DynamoDbClients.clientFor(endpoint.uri(), Region.US_EAST_1))) {
      DynamoDbStore store = new DynamoDbStore(counting, "table");

      assertThrows(
          StoreException.Unavailable.class,
          () -> store.findTokenByHash("a".repeat(64)),
          "the authorizer's lookup fails as fast");

      assertEquals(1, counting.calls("GetItem"));
      assertEquals(ClientLimits.MAX_ATTEMPTS, endpoint.requests());
    }
  }
}
