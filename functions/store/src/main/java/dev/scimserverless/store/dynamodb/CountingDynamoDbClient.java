package dev.scimserverless.store.dynamodb;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A {@link DynamoDbClient} that delegates and counts: calls per operation made through it (failed
 * ones included, and each retry of the store's own loops) and the capacity units DynamoDB reports
 * as consumed. The retries the SDK makes inside one call are not seen: a call that the delegate
 * tried three times (the most {@link DynamoDbClients#clientFor}'s client tries) counts once. It
 * asks for {@code ReturnConsumedCapacity=TOTAL} on every data request that does not set it (free of
 * charge; local emulators may report nothing). For tests that assert how many calls an operation
 * makes, benchmarks and the request log; thread-safe.
 *
 * <p>Operations are named as in the DynamoDB API: {@code GetItem}, {@code PutItem}, {@code
 * UpdateItem}, {@code DeleteItem}, {@code Query}, {@code Scan}, {@code BatchGetItem}, {@code
 * BatchWriteItem}, {@code TransactGetItems}, {@code TransactWriteItems}, {@code CreateTable},
 * {@code DescribeTable}, {@code DeleteTable}, {@code ListTables}. Other operations are not
 * supported (they throw {@link UnsupportedOperationException}, as the interface's defaults do).
 */
public final class CountingDynamoDbClient implements DynamoDbClient {
  private static final ReturnConsumedCapacity TOTAL = ReturnConsumedCapacity.TOTAL;

  private final DynamoDbClient delegate;
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final DoubleAdder capacityUnits = new DoubleAdder();
  private final DoubleAdder readCapacityUnits = new DoubleAdder();
  private final DoubleAdder writeCapacityUnits = new DoubleAdder();

  /** Counts the calls made through this client to {@code delegate}. */
  public CountingDynamoDbClient(DynamoDbClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  // ---------------------------------------------------------------- counts

  /** Calls of one operation (e.g. {@code "TransactWriteItems"}) since creation or reset. */
  public long calls(String operation) {
    LongAdder n = calls.get(operation);
    return n == null ? 0 : n.sum();
  }

  /** Calls of all operations since creation or reset. */
  public long totalCalls() {
    return calls.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Calls per operation (only operations called at least once), by operation name. */
  public Map<String, Long> callsByOperation() {
    Map<String, Long> snapshot = new TreeMap<>();
    calls.forEach(
        (operation, n) -> {
          long sum = n.sum();
          if (sum > 0) {
            snapshot.put(operation, sum);
          }
        });
    return snapshot;
  }

  /** Total capacity units consumed ({@code ConsumedCapacity.CapacityUnits}, summed). */
  public double consumedCapacityUnits() {
    return capacityUnits.sum();
  }

  /** Read capacity units consumed, where DynamoDB reported them separately. */
  public double consumedReadCapacityUnits() {
    return readCapacityUnits.sum();
  }

  /** Write capacity units consumed, where DynamoDB reported them separately. */
  public double consumedWriteCapacityUnits() {
    return writeCapacityUnits.sum();
  }

  /** Sets every count back to zero. */
  public void reset() {
    calls.values().forEach(LongAdder::reset);
    capacityUnits.reset();
    readCapacityUnits.reset();
    writeCapacityUnits.reset();
  }

  // ---------------------------------------------------------------- data operations

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    count("GetItem");
    GetItemRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    GetItemResponse response = delegate.getItem(r);
    add(response.consumedCapacity());
    return response;
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    count("PutItem");
    PutItemRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    PutItemResponse response = delegate.putItem(r);
    add(response.consumedCapacity());
    return response;
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    count("UpdateItem");
    UpdateItemRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    UpdateItemResponse response = delegate.updateItem(r);
    add(response.consumedCapacity());
    return response;
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    count("DeleteItem");
    DeleteItemRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    DeleteItemResponse response = delegate.deleteItem(r);
    add(response.consumedCapacity());
    return response;
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    count("Query");
    QueryRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    QueryResponse response = delegate.query(r);
    add(response.consumedCapacity());
    return response;
  }

  @Override
  public ScanResponse scan(ScanRequest request) {
    count("Scan");
    ScanRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    ScanResponse response = delegate.scan(r);
    add(response.consumedCapacity());
    return response;
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
    count("BatchGetItem");
    BatchGetItemRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    BatchGetItemResponse response = delegate.batchGetItem(r);
    addAll(response.hasConsumedCapacity() ? response.consumedCapacity() : List.of());
    return response;
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    count("BatchWriteItem");
    BatchWriteItemRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    BatchWriteItemResponse response = delegate.batchWriteItem(r);
    addAll(response.hasConsumedCapacity() ? response.consumedCapacity() : List.of());
    return response;
  }

  @Override
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
    count("TransactGetItems");
    TransactGetItemsRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    TransactGetItemsResponse response = delegate.transactGetItems(r);
    addAll(response.hasConsumedCapacity() ? response.consumedCapacity() : List.of());
    return response;
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    count("TransactWriteItems");
    TransactWriteItemsRequest r =
        request.returnConsumedCapacity() != null
            ? request
            : request.toBuilder().returnConsumedCapacity(TOTAL).build();
    TransactWriteItemsResponse response = delegate.transactWriteItems(r);
    addAll(response.hasConsumedCapacity() ? response.consumedCapacity() : List.of());
    return response;
  }

  // ---------------------------------------------------------------- table operations

  @Override
  public CreateTableResponse createTable(CreateTableRequest request) {
    count("CreateTable");
    return delegate.createTable(request);
  }

  @Override
  public DescribeTableResponse describeTable(DescribeTableRequest request) {
    count("DescribeTable");
    return delegate.describeTable(request);
  }

  @Override
  public DeleteTableResponse deleteTable(DeleteTableRequest request) {
    count("DeleteTable");
    return delegate.deleteTable(request);
  }

  @Override
  public ListTablesResponse listTables(ListTablesRequest request) {
    count("ListTables");
    return delegate.listTables(request);
  }

  // ---------------------------------------------------------------- client

  @Override
  public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
    return delegate.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return delegate.serviceName();
  }

  /** Closes the delegate. */
  @Override
  public void close() {
    delegate.close();
  }

  private void count(String operation) {
    calls.computeIfAbsent(operation, o -> new LongAdder()).increment();
  }

  private void addAll(Collection<ConsumedCapacity> consumed) {
    consumed.forEach(this::add);
  }

  private void add(ConsumedCapacity consumed) {
    if (consumed == null) {
      return;
    }
    if (consumed.capacityUnits() != null) {
      capacityUnits.add(consumed.capacityUnits());
    }
    if (consumed.readCapacityUnits() != null) {
      readCapacityUnits.add(consumed.readCapacityUnits());
    }
    if (consumed.writeCapacityUnits() != null) {
      writeCapacityUnits.add(consumed.writeCapacityUnits());
    }
  }
}
