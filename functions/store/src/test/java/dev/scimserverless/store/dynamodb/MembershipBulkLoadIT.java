package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.testsupport.Fixtures.group;
import static dev.scimserverless.store.testsupport.Fixtures.tenantId;
import static dev.scimserverless.store.testsupport.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures (does not assert timings) how long big-group work takes on Dynoxide: bulk loading
 * 100,000 memberships with BatchWriteItem, one member's add in that group, and the group's delete
 * cascade. Slow, so only with {@code -Dmembers.bench=true}; prints its figures to stderr.
 */
@EnabledIfSystemProperty(named = "members.bench", matches = "true")
class MembershipBulkLoadIT {
  private static final int N = 100_000;

  @Test
  void hundredThousandMembers() {
    Dynoxide dynoxide = Dynoxide.shared();
    String table = dynoxide.freshTable();
    String tenant = tenantId();
    List<String> users =
        IntStream.range(0, N).mapToObj(i -> String.format("user-%06d", i)).toList();

    for (int parallelism : List.of(1, 4)) {
      long t0 = System.nanoTime();
      new MembershipLoader(dynoxide.client(), table, parallelism)
          .loadMembershipItemsOnly(tenant, "only-" + parallelism, users);
      report("membership items only, parallelism " + parallelism, t0, N / 25);
    }

    long t0 = System.nanoTime();
    new MembershipLoader(dynoxide.client(), table, 4).loadMembers(tenant, "big", users);
    report("membership + reverse items, parallelism 4", t0, 2 * N / 25);

    CountingDynamoDbClient counting = new CountingDynamoDbClient(dynoxide.client());
    DynamoDbStore store = new DynamoDbStore(counting, table);
    store.forTenant(TenantId.of(tenant)).resources().create(group("big", "big"));
    store.forTenant(TenantId.of(tenant)).resources().create(user("newcomer", "newcomer"));

    counting.reset();
    t0 = System.nanoTime();
    store
        .forTenant(TenantId.of(tenant))
        .memberships()
        .addMembers("big", List.of("newcomer"), Instant.now());
    report("add 1 member to the 100k group " + counting.callsByOperation(), t0, 1);
    assertEquals(Map.of("TransactWriteItems", 1L), counting.callsByOperation());
    System.err.printf("  consumed capacity reported: %.1f%n", counting.consumedCapacityUnits());

    counting.reset();
    t0 = System.nanoTime();
    store
        .forTenant(TenantId.of(tenant))
        .memberships()
        .members("big", Optional.of("user-050000"), 100);
    report("one page of 100 members " + counting.callsByOperation(), t0, 1);

    counting.reset();
    t0 = System.nanoTime();
    store
        .forTenant(TenantId.of(tenant))
        .resources()
        .delete(ResourceType.GROUP, "big", OptionalLong.empty());
    report(
        "delete the 100k group with its cascade " + counting.callsByOperation(),
        t0,
        counting.totalCalls());
    assertEquals(
        List.of(),
        store
            .forTenant(TenantId.of(tenant))
            .memberships()
            .members("big", Optional.empty(), 10)
            .userIds());
    assertEquals(
        List.of(), store.forTenant(TenantId.of(tenant)).memberships().groupsOf("user-099999"));
  }

  private static void report(String what, long startNanos, long calls) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.err.printf(
        "[members.bench] %s: %.2f s, %d calls, %.2f ms/call%n",
        what, seconds, calls, seconds * 1000 / Math.max(1, calls));
  }
}
