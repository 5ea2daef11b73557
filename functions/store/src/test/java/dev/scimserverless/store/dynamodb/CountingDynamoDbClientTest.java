package dev.scimserverless.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * {@link CountingDynamoDbClient} counts every call made through it and sums the consumed capacity
 * (the SDK's attempts inside one call: {@code ClientLimitsIT}).
 */
class CountingDynamoDbClientTest {
  private final List<ReturnConsumedCapacity> asked = new ArrayList<>();
  private boolean throttle;

  private final DynamoDbClient stub =
      new DynamoDbClient() {
        @Override
        public GetItemResponse getItem(GetItemRequest request) {
          asked.add(request.returnConsumedCapacity());
          if (throttle) {
            throw ThrottlingException.builder().message("slow down").build();
          }
          return GetItemResponse.builder()
              .consumedCapacity(ConsumedCapacity.builder().capacityUnits(0.5).build())
              .build();
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
          asked.add(request.returnConsumedCapacity());
          return TransactWriteItemsResponse.builder()
              .consumedCapacity(
                  ConsumedCapacity.builder()
                      .capacityUnits(8.0)
                      .readCapacityUnits(0.0)
                      .writeCapacityUnits(8.0)
                      .build())
              .build();
        }

        @Override
        public String serviceName() {
          return SERVICE_NAME;
        }

        @Override
        public void close() {}
      };

  private final CountingDynamoDbClient counting = new CountingDynamoDbClient(stub);

  @Test
  void countsCallsPerOperationAndSumsCapacity() {
    counting.getItem(b -> b.tableName("t"));
    counting.getItem(b -> b.tableName("t").returnConsumedCapacity(ReturnConsumedCapacity.NONE));
    counting.transactWriteItems(b -> b.transactItems(List.of()));

    assertEquals(Map.of("GetItem", 2L, "TransactWriteItems", 1L), counting.callsByOperation());
    assertEquals(3, counting.totalCalls());
    assertEquals(2, counting.calls("GetItem"));
    assertEquals(0, counting.calls("Query"));
    assertEquals(9.0, counting.consumedCapacityUnits());
    assertEquals(8.0, counting.consumedWriteCapacityUnits());
    assertEquals(
        List.of(
            ReturnConsumedCapacity.TOTAL,
            ReturnConsumedCapacity.NONE,
            ReturnConsumedCapacity.TOTAL),
        asked,
        "asks for TOTAL unless the caller chose");
  }

  @Test
  void failedCallsCountAndResetClears() {
    throttle = true;
    assertThrows(ThrottlingException.class, () -> counting.getItem(b -> b.tableName("t")));
    assertEquals(1, counting.calls("GetItem"));

    counting.reset();
    assertEquals(Map.of(), counting.callsByOperation());
    assertEquals(0.0, counting.consumedCapacityUnits());
  }
}
