package dev.scimserverless.store.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Loads memberships of big groups straight into the table for tests, with BatchWriteItem (25 items
 * per call, several calls in parallel) in the key format of docs/data-model.md ("Memberships"):
 * membership item {@code pk=T#{tenant}#Group#M#{groupId}, sk={userId}} and reverse item {@code
 * pk=T#{tenant}#User#G#{userId}, sk={groupId}}, keys only.
 *
 * <p>Writes neither the group nor the users and does not bump the group's version: {@code members},
 * {@code isMember}, {@code groupsOf} and the delete cascades need only these items; {@code
 * addMembers} needs the group and the users it adds to exist.
 */
public final class MembershipLoader {
  private static final int BATCH = 25;

  private final DynamoDbClient client;
  private final String table;
  private final int parallelism;

  /**
   * @param client a client of the table
   * @param table the table name
   * @param parallelism BatchWriteItem calls in flight at once
   */
  public MembershipLoader(DynamoDbClient client, String table, int parallelism) {
    this.client = client;
    this.table = table;
    this.parallelism = parallelism;
  }

  /** Makes the users members of the group: membership and reverse items, 2 per user. */
  public void loadMembers(String tenant, String groupId, List<String> userIds) {
    List<WriteRequest> puts = new ArrayList<>(2 * userIds.size());
    for (String userId : userIds) {
      puts.add(put(membershipKey(tenant, groupId, userId)));
      puts.add(put(reverseKey(tenant, userId, groupId)));
    }
    write(puts);
  }

  /**
   * Writes only the membership items (1 per user): enough for {@code members}, {@code isMember} and
   * the group's delete cascade; {@code groupsOf} of these users stays empty.
   */
  public void loadMembershipItemsOnly(String tenant, String groupId, List<String> userIds) {
    write(userIds.stream().map(u -> put(membershipKey(tenant, groupId, u))).toList());
  }

  /** The membership item's key: {@code T#{tenant}#Group#M#{groupId}} / {@code {userId}}. */
  public static Map<String, AttributeValue> membershipKey(
      String tenant, String groupId, String userId) {
    return Map.of(
        "pk", AttributeValue.fromS("T#" + tenant + "#Group#M#" + groupId),
        "sk", AttributeValue.fromS(userId));
  }

  /** The reverse item's key: {@code T#{tenant}#User#G#{userId}} / {@code {groupId}}. */
  public static Map<String, AttributeValue> reverseKey(
      String tenant, String userId, String groupId) {
    return Map.of(
        "pk", AttributeValue.fromS("T#" + tenant + "#User#G#" + userId),
        "sk", AttributeValue.fromS(groupId));
  }

  private void write(List<WriteRequest> requests) {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int from = 0; from < requests.size(); from += BATCH) {
        List<WriteRequest> batch = requests.subList(from, Math.min(requests.size(), from + BATCH));
        futures.add(pool.submit(() -> writeBatch(batch)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading memberships", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("loading memberships failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private void writeBatch(List<WriteRequest> batch) {
    Map<String, List<WriteRequest>> pending = Map.of(table, batch);
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      if (attempt > 20) {
        throw new IllegalStateException("BatchWriteItem kept items unprocessed");
      }
      Map<String, List<WriteRequest>> request = pending;
      BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(request));
      pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
      if (!pending.isEmpty()) {
        try {
          Thread.sleep(10L * attempt);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }
}
