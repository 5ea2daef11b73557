package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.testsupport.Fixtures.next;
import static dev.scimserverless.store.testsupport.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/** How {@link DynamoDbStore} maps SDK failures, driven by a scripted client. */
class DynamoDbStoreFailureTest {
  private static final String TENANT = "acme";
  private static final ResourceType USER = ResourceType.USER;

  private final ScriptedClient client = new ScriptedClient();
  private final DynamoDbStore store = new DynamoDbStore(client, "table");

  @Test
  void throttlingIsUnavailableThrottled() {
    for (Supplier<RuntimeException> throttle :
        Arrays.<Supplier<RuntimeException>>asList(
            () -> ProvisionedThroughputExceededException.builder().message("slow down").build(),
            () -> RequestLimitExceededException.builder().message("limit").build(),
            () -> ThrottlingException.builder().message("throttled").build(),
            () -> serviceError(400, "ThrottlingException"))) {
      client.thenFail(throttle);
      StoreException.Unavailable e =
          assertThrows(
              StoreException.Unavailable.class,
              () -> store.forTenant(TenantId.of(TENANT)).resources().get(USER, "u1"));
      assertTrue(e.throttled(), e::toString);
    }
  }

  @Test
  void clientFailuresAndServerErrorsAreUnavailableNotThrottled() {
    for (Supplier<RuntimeException> failure :
        Arrays.<Supplier<RuntimeException>>asList(
            () -> SdkClientException.create("connection refused"),
            () -> ApiCallTimeoutException.create(1000),
            () -> InternalServerErrorException.builder().statusCode(500).message("oops").build(),
            () -> serviceError(503, "ServiceUnavailable"))) {
      client.thenFail(failure);
      StoreException.Unavailable e =
          assertThrows(
              StoreException.Unavailable.class,
              () -> store.forTenant(TenantId.of(TENANT)).resources().count(USER));
      assertFalse(e.throttled(), e::toString);
    }
  }

  @Test
  void otherServiceErrorsAreDefectsAndPassUnchanged() {
    DynamoDbException validation = serviceError(400, "ValidationException");
    client.thenFail(() -> validation);

    assertSame(
        validation,
        assertThrows(
            DynamoDbException.class,
            () -> store.forTenant(TenantId.of(TENANT)).resources().get(USER, "u")));
  }

  @Test
  void anItemOverTheSizeLimitIsAnIllegalArgumentNamingTheLimit() {
    StoredResource v1 = user("u1", "alice");
    DynamoDbException tooLarge =
        serviceError(400, "ValidationException", "Item size has exceeded the maximum allowed size");
    client.thenFail(() -> tooLarge);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.forTenant(TenantId.of(TENANT)).resources().replace(v1, next(v1, "{}")));
    assertTrue(e.getMessage().contains("400 KB"), e::getMessage);
    assertSame(tooLarge, e.getCause());
  }

  @Test
  void aTransactionActionRefusedAsInvalidIsAnIllegalArgumentNotRetried() {
    // how DynamoDB cancels a transaction with an item over 400 KB
    client.thenFail(
        () ->
            TransactionCanceledException.builder()
                .message("Transaction cancelled, please refer cancellation reasons")
                .cancellationReasons(
                    CancellationReason.builder()
                        .code("ValidationError")
                        .message("Item size has exceeded the maximum allowed size")
                        .build(),
                    none(),
                    none())
                .build());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.forTenant(TenantId.of(TENANT)).resources().create(user("u1", "alice")));
    assertTrue(e.getMessage().contains("400 KB"), e::getMessage);
    assertTrue(e.getMessage().contains("Item size"), e::getMessage);
    assertEquals(1, client.calls);
  }

  @Test
  void transactionConflictsAreRetried() {
    client.thenFail(() -> cancelled("TransactionConflict", "None", "None"));
    client.thenFail(() -> cancelled("None", "TransactionConflict", "None"));

    assertDoesNotThrow(
        () -> store.forTenant(TenantId.of(TENANT)).resources().create(user("u1", "alice")));
    assertEquals(3, client.calls);
  }

  @Test
  void persistentTransactionConflictIsUnavailableThrottled() {
    for (int i = 0; i < 10; i++) {
      client.thenFail(() -> cancelled("TransactionConflict", "None", "None"));
    }

    StoreException.Unavailable e =
        assertThrows(
            StoreException.Unavailable.class,
            () -> store.forTenant(TenantId.of(TENANT)).resources().create(user("u1", "alice")));
    assertTrue(e.throttled());
    assertEquals(5, client.calls);
  }

  @Test
  void throttledTransactionIsUnavailableThrottledWithoutRetry() {
    client.thenFail(() -> cancelled("None", "ThrottlingError", "None"));

    StoreException.Unavailable e =
        assertThrows(
            StoreException.Unavailable.class,
            () -> store.forTenant(TenantId.of(TENANT)).resources().create(user("u1", "alice")));
    assertTrue(e.throttled());
    assertEquals(1, client.calls);
  }

  @Test
  void singleWriteConflictingWithATransactionIsRetried() {
    StoredResource v1 = user("u1", "alice");
    client.thenFail(() -> TransactionConflictException.builder().message("busy").build());

    assertDoesNotThrow(
        () -> store.forTenant(TenantId.of(TENANT)).resources().replace(v1, next(v1, "{}")));
    assertEquals(2, client.calls);
  }

  @Test
  void failedConditionIsMappedByTheActionItBelongsTo() {
    // create = [resource, unique userName, counter]
    client.thenFail(() -> cancelled("None", "ConditionalCheckFailed", "None"));
    StoreException.UniquenessConflict e =
        assertThrows(
            StoreException.UniquenessConflict.class,
            () -> store.forTenant(TenantId.of(TENANT)).resources().create(user("u1", "alice")));
    assertEquals("userName", e.attribute());

    client.thenFail(() -> cancelled("ConditionalCheckFailed", "ConditionalCheckFailed", "None"));
    e =
        assertThrows(
            StoreException.UniquenessConflict.class,
            () -> store.forTenant(TenantId.of(TENANT)).resources().create(user("u1", "alice")));
    assertEquals("id", e.attribute());
  }

  @Test
  void replaceTellsAStaleVersionFromAMissingResource() {
    StoredResource v1 = user("u1", "alice");
    StoredResource renamed = next(v1, "{}", Map.of("userName", "bob"), Map.of());
    Map<String, AttributeValue> old = Map.of(Items.VER, AttributeValue.fromN("5"));

    client.thenFail(() -> ConditionalCheckFailedException.builder().item(old).build());
    assertThrows(
        StoreException.VersionConflict.class,
        () -> store.forTenant(TenantId.of(TENANT)).resources().replace(v1, next(v1, "{}")));
    client.thenFail(() -> ConditionalCheckFailedException.builder().build());
    assertThrows(
        StoreException.NotFound.class,
        () -> store.forTenant(TenantId.of(TENANT)).resources().replace(v1, next(v1, "{}")));

    client.thenFail(
        () ->
            TransactionCanceledException.builder()
                .cancellationReasons(
                    CancellationReason.builder().code("ConditionalCheckFailed").item(old).build(),
                    none(),
                    none())
                .build());
    assertThrows(
        StoreException.VersionConflict.class,
        () -> store.forTenant(TenantId.of(TENANT)).resources().replace(v1, renamed));
    client.thenFail(() -> cancelled("ConditionalCheckFailed", "None", "None"));
    assertThrows(
        StoreException.NotFound.class,
        () -> store.forTenant(TenantId.of(TENANT)).resources().replace(v1, renamed));
  }

  @Test
  void touchTokenSwallowsFailures() {
    client.thenFail(() -> SdkClientException.create("down"));
    assertDoesNotThrow(() -> store.touchToken("a".repeat(64), Instant.EPOCH));
    client.thenFail(() -> ProvisionedThroughputExceededException.builder().build());
    assertDoesNotThrow(() -> store.touchToken("a".repeat(64), Instant.EPOCH));
  }

  private static DynamoDbException serviceError(int status, String code) {
    return serviceError(status, code, code);
  }

  private static DynamoDbException serviceError(int status, String code, String message) {
    return (DynamoDbException)
        DynamoDbException.builder()
            .statusCode(status)
            .message(message)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .build();
  }

  private static TransactionCanceledException cancelled(String... codes) {
    return TransactionCanceledException.builder()
        .message("cancelled")
        .cancellationReasons(
            Arrays.stream(codes).map(c -> CancellationReason.builder().code(c).build()).toList())
        .build();
  }

  private static CancellationReason none() {
    return CancellationReason.builder().code("None").build();
  }
}
