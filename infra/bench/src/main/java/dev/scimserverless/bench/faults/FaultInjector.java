package dev.scimserverless.bench.faults;

import java.net.SocketException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Injects DynamoDB faults into the SDK's attempts, before the request is sent (so an injected fault
 * never reaches the store, as DynamoDB's throttling does not): throttling, 500s, connection resets
 * and latency, each with its own probability per attempt while switched on. The SDK sees them as it
 * would see the real ones, so its retries, timeouts and the service's mapping to 429/503 run as
 * they would.
 */
final class FaultInjector implements ExecutionInterceptor {
  enum Kind {
    THROTTLING,
    SERVER_ERROR,
    CONNECTION_RESET,
    LATENCY,
    RESPONSE_LOST
  }

  private static final java.util.Set<String> WRITES =
      java.util.Set.of(
          "TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");

  private final Random random;
  private final Map<Kind, AtomicLong> injected = new EnumMap<>(Kind.class);
  private volatile boolean on;
  private final double throttling;
  private final double serverError;
  private final double reset;
  private final double latency;
  private final long latencyMillis;
  private volatile double responseLost;

  FaultInjector(
      long seed,
      double throttling,
      double serverError,
      double reset,
      double latency,
      long latencyMillis) {
    this.random = new Random(seed);
    this.throttling = throttling;
    this.serverError = serverError;
    this.reset = reset;
    this.latency = latency;
    this.latencyMillis = latencyMillis;
    for (Kind k : Kind.values()) {
      injected.put(k, new AtomicLong());
    }
  }

  /**
   * Also loses the response of this share of the writes DynamoDB did apply (a connection reset
   * after the commit): the SDK retries a write that already happened.
   */
  FaultInjector withResponseLost(double share) {
    this.responseLost = share;
    return this;
  }

  void on() {
    on = true;
  }

  void off() {
    on = false;
  }

  long injected(Kind kind) {
    return injected.get(kind).get();
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attrs) {
    if (!on || responseLost == 0) {
      return;
    }
    String operation = attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (operation == null || !WRITES.contains(operation)) {
      return;
    }
    double r;
    synchronized (random) {
      r = random.nextDouble();
    }
    if (r < responseLost && context.httpResponse().isSuccessful()) {
      injected.get(Kind.RESPONSE_LOST).incrementAndGet();
      throw SdkClientException.builder()
          .message("injected connection reset after the write")
          .cause(new SocketException("Connection reset"))
          .build();
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
    if (!on) {
      return;
    }
    double r;
    synchronized (random) {
      r = random.nextDouble();
    }
    if (r < throttling) {
      injected.get(Kind.THROTTLING).incrementAndGet();
      throw ProvisionedThroughputExceededException.builder()
          .statusCode(400)
          .message("injected throttling")
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("ProvisionedThroughputExceededException")
                  .errorMessage("injected throttling")
                  .serviceName("DynamoDb")
                  .build())
          .build();
    }
    r -= throttling;
    if (r < serverError) {
      injected.get(Kind.SERVER_ERROR).incrementAndGet();
      throw InternalServerErrorException.builder()
          .statusCode(500)
          .message("injected internal server error")
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("InternalServerError")
                  .errorMessage("injected internal server error")
                  .serviceName("DynamoDb")
                  .build())
          .build();
    }
    r -= serverError;
    if (r < reset) {
      injected.get(Kind.CONNECTION_RESET).incrementAndGet();
      throw SdkClientException.builder()
          .message("injected connection reset")
          .cause(new SocketException("Connection reset"))
          .build();
    }
    r -= reset;
    if (r < latency) {
      injected.get(Kind.LATENCY).incrementAndGet();
      try {
        Thread.sleep(latencyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
