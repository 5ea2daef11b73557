package dev.scimserverless.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.change.ChangeContext;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoreException;
import dev.scimserverless.core.store.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * How {@link DynamoDbStore}'s membership writes batch, map cancellation reasons and retry
 * conflicts, driven by a scripted client (backoff without waiting).
 */
class DynamoDbMembershipFailureTest {
  private static final String TENANT = "acme";
  private static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");

  private final ScriptedClient client = new ScriptedClient();
  private final DynamoDbStore store =
      new DynamoDbStore(client, "table", Clock.systemUTC(), new Calls(client, millis -> {}));

  @Test
  void addBatchesUpToOneHundredActions() {
    store
        .forTenant(TenantId.of(TENANT))
        .memberships()
        .addMembers("g1", users(100), NOW, OptionalLong.empty(), change());

    // 32 users per transaction: group update + the batch's change record (2 items) + (check,
    // membership, reverse) per user
    assertEquals(List.of(99, 99, 99, 15), client.transactionSizes);
  }

  @Test
  void removeBatchesUpToOneHundredActions() {
    store
        .forTenant(TenantId.of(TENANT))
        .memberships()
        .removeMembers("g1", users(100), NOW, OptionalLong.empty(), change());

    // 48 users per transaction: group update + the change record (2) + (membership, reverse) each
    assertEquals(List.of(99, 99, 11), client.transactionSizes);
  }

  private static Optional<ProvisioningChange> change() {
    return Optional.of(
        ChangeContext.memberChange(
            Clock.systemUTC(),
            TENANT,
            "g1",
            ProvisioningChange.Operation.PATCH,
            List.of(),
            List.of()));
  }

  @Test
  void duplicatesAreWrittenOnce() {
    store
        .forTenant(TenantId.of(TENANT))
        .memberships()
        .addMembers("g1", List.of("u1", "u1", "u2"), NOW);

    assertEquals(List.of(7), client.transactionSizes);
  }

  @Test
  void failedConditionOfTheGroupIsNotFound() {
    client.thenFail(() -> cancelled("ConditionalCheckFailed", "None", "None", "None"));
    assertThrows(
        StoreException.NotFound.class,
        () ->
            store
                .forTenant(TenantId.of(TENANT))
                .memberships()
                .addMembers("g1", List.of("u1"), NOW));

    client.thenFail(() -> cancelled("ConditionalCheckFailed", "None", "None"));
    assertThrows(
        StoreException.NotFound.class,
        () ->
            store
                .forTenant(TenantId.of(TENANT))
                .memberships()
                .removeMembers("g1", List.of("u1"), NOW));
  }

  @Test
  void failedConditionOfAUserNamesThatUser() {
    // [group, u1 check, u1 membership, u1 reverse, u2 check, u2 membership, u2 reverse]
    client.thenFail(
        () -> cancelled("None", "None", "None", "None", "ConditionalCheckFailed", "None", "None"));

    StoreException.InvalidMember e =
        assertThrows(
            StoreException.InvalidMember.class,
            () ->
                store
                    .forTenant(TenantId.of(TENANT))
                    .memberships()
                    .addMembers("g1", List.of("u2", "u1"), NOW));
    assertEquals("u2", e.userId());
  }

  @Test
  void conflictsOnTheGroupAreRetried() {
    client.thenFail(() -> cancelled("TransactionConflict", "None", "None", "None"));
    client.thenFail(() -> cancelled("TransactionConflict", "None", "None", "None"));

    assertDoesNotThrow(
        () ->
            store
                .forTenant(TenantId.of(TENANT))
                .memberships()
                .addMembers("g1", List.of("u1"), NOW));
    assertEquals(3, client.calls);
  }

  @Test
  void persistentConflictIsUnavailableThrottledAfterTenAttempts() {
    for (int i = 0; i < 20; i++) {
      client.thenFail(() -> cancelled("TransactionConflict", "None", "None", "None"));
    }

    StoreException.Unavailable e =
        assertThrows(
            StoreException.Unavailable.class,
            () ->
                store
                    .forTenant(TenantId.of(TENANT))
                    .memberships()
                    .addMembers("g1", List.of("u1"), NOW));
    assertTrue(e.throttled());
    assertEquals(10, client.calls);
  }

  @Test
  void throttledMembershipWriteIsNotRetried() {
    client.thenFail(() -> cancelled("ThrottlingError", "None", "None", "None"));

    StoreException.Unavailable e =
        assertThrows(
            StoreException.Unavailable.class,
            () ->
                store
                    .forTenant(TenantId.of(TENANT))
                    .memberships()
                    .addMembers("g1", List.of("u1"), NOW));
    assertTrue(e.throttled());
    assertEquals(1, client.calls);
  }

  @Test
  void aDeletedGroupsCascadeRidesOutThrottlingOfItsBatchWrites() {
    client.queryItems.add(Map.of(Keys.SK, AttributeValue.fromS("u1")));
    client.thenSucceed(); // GetItem: the group is gone already (a retried DELETE)
    client.thenSucceed(); // Query: one member left over
    client.thenFail(() -> ProvisionedThroughputExceededException.builder().build());
    client.thenFail(() -> ThrottlingException.builder().build());

    assertThrows(
        StoreException.NotFound.class,
        () ->
            store
                .forTenant(TenantId.of(TENANT))
                .resources()
                .delete(ResourceType.GROUP, "g1", OptionalLong.empty()));
    assertEquals(3, client.batchWrites, "throttled twice, then written");
  }

  @Test
  void aCascadeThrottledPastItsPolicyIsUnavailableThrottled() {
    client.queryItems.add(Map.of(Keys.SK, AttributeValue.fromS("u1")));
    client.thenSucceed().thenSucceed();
    for (int i = 0; i < 30; i++) {
      client.thenFail(() -> ThrottlingException.builder().build());
    }

    StoreException.Unavailable e =
        assertThrows(
            StoreException.Unavailable.class,
            () ->
                store
                    .forTenant(TenantId.of(TENANT))
                    .resources()
                    .delete(ResourceType.GROUP, "g1", OptionalLong.empty()));
    assertTrue(e.throttled());
    assertEquals(Calls.Retry.CASCADE.maxAttempts(), client.batchWrites);
  }

  @Test
  void emptyChangesMakeNoCall() {
    store.forTenant(TenantId.of(TENANT)).memberships().addMembers("g1", List.of(), NOW);
    store.forTenant(TenantId.of(TENANT)).memberships().removeMembers("g1", List.of(), NOW);

    assertEquals(0, client.calls);
  }

  private static List<String> users(int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("u%03d", i)).toList();
  }

  private static TransactionCanceledException cancelled(String... codes) {
    return TransactionCanceledException.builder()
        .message("cancelled")
        .cancellationReasons(
            Arrays.stream(codes).map(c -> CancellationReason.builder().code(c).build()).toList())
        .build();
  }
}
