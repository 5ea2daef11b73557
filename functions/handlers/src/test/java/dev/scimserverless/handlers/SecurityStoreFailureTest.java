package dev.scimserverless.handlers;

import static dev.scimserverless.handlers.GatewayEvents.event;
import static dev.scimserverless.handlers.GatewayEvents.json;
import static dev.scimserverless.handlers.GatewayEvents.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * DynamoDB throttling reaches the IdP as 429 and failures and timeouts as 503, both with {@code
 * Retry-After}, through the real handler and DynamoDB adapter: never a 500 that makes the IdP retry
 * blindly. 5xx details carry the request id of the log line.
 */
class SecurityStoreFailureTest {

  /** Every data call fails with the given exception. */
  static final class FailingClient implements DynamoDbClient {
    private final Supplier<SdkException> failure;

    FailingClient(Supplier<SdkException> failure) {
      this.failure = failure;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest r) {
      throw failure.get();
    }

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
      throw failure.get();
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
      throw failure.get();
    }

    @Override
    public QueryResponse query(QueryRequest r) {
      throw failure.get();
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
      throw failure.get();
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) {
      throw failure.get();
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
      throw failure.get();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  record Outcome(APIGatewayProxyResponseEvent response, String requestId, List<JsonNode> log) {}

  static List<APIGatewayProxyRequestEvent> requests() {
    return List.of(
        event("GET", "/scim/v2/Users/abc", "/scim/v2/Users/{id}", null, "acme", "tok_a"),
        event("GET", "/scim/v2/Users", "/scim/v2/Users", null, "acme", "tok_a"),
        event("POST", "/scim/v2/Users", "/scim/v2/Users", user("x"), "acme", "tok_a"),
        event("DELETE", "/scim/v2/Users/abc", "/scim/v2/Users/{id}", null, "acme", "tok_a"));
  }

  static List<Outcome> run(Supplier<SdkException> failure) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CountingDynamoDbClient client = new CountingDynamoDbClient(new FailingClient(failure));
    UsersHandler handler =
        new UsersHandler(
            new DynamoDbStore(client, "scim"),
            FunctionSupport.of(new InMemoryAuditLog(), client::totalCalls)
                .withLog(RequestLog.to(new PrintStream(bytes, true))));
    return requests().stream()
        .map(
            e -> {
              bytes.reset();
              APIGatewayProxyResponseEvent r = handler.handleRequest(e, null);
              return new Outcome(
                  r,
                  e.getRequestContext().getRequestId(),
                  bytes.toString(StandardCharsets.UTF_8).lines().map(Json::parse).toList());
            })
        .toList();
  }

  static void assertRetryable(Outcome o, int status) {
    APIGatewayProxyResponseEvent r = o.response();
    assertEquals(status, r.getStatusCode(), r.getBody());
    assertNotNull(r.getHeaders().get("Retry-After"), "Retry-After on " + r.getBody());
    assertTrue(Integer.parseInt(r.getHeaders().get("Retry-After")) >= 1);
    JsonNode body = json(r);
    assertEquals(
        "urn:ietf:params:scim:api:messages:2.0:Error", body.get("schemas").get(0).asText());
    assertEquals(Integer.toString(status), body.get("status").asText());
    JsonNode line = o.log().get(o.log().size() - 1);
    assertEquals(status, line.get("status").asInt());
    assertEquals(o.requestId(), line.get("requestId").asText());
    assertTrue(line.get("dynamoDbCalls").asLong() >= 1, line.toString());
  }

  @Test
  void throttlingIs429WithRetryAfter() {
    for (Supplier<SdkException> throttle :
        List.<Supplier<SdkException>>of(
            () -> ProvisionedThroughputExceededException.builder().message("slow down").build(),
            () -> ThrottlingException.builder().message("slow down").build())) {
      for (Outcome o : run(throttle)) {
        assertRetryable(o, 429);
      }
    }
  }

  @Test
  void failuresAndTimeoutsAre503WithRetryAfterAndTheRequestId() {
    for (Supplier<SdkException> failure :
        List.<Supplier<SdkException>>of(
            () -> ApiCallTimeoutException.create(10_000),
            () -> SdkClientException.create("connection reset"),
            () -> InternalServerErrorException.builder().message("boom").statusCode(500).build())) {
      for (Outcome o : run(failure)) {
        assertRetryable(o, 503);
        String detail = json(o.response()).get("detail").asText();
        assertTrue(detail.contains("Request id: " + o.requestId()), detail);
      }
    }
  }
}
