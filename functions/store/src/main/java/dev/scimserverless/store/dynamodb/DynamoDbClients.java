package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.StoreException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** The one factory of the DynamoDB clients the functions, the local endpoint and the tools use. */
public final class DynamoDbClients {
  private DynamoDbClients() {}

  /**
   * Builds a client cheaply (no discovery chains when the values are known) on the SDK's Apache 5
   * HTTP client (docs/performance.md, "HTTP client for the AWS SDK"): 2 s to connect, 10 s per
   * socket read; a connection is reused for at most 60 s after it was opened and 60 s after its
   * last use (wall clock), so DynamoDB's DNS changes reach a long-lived function and a connection
   * kept in a SnapStart snapshot is dropped, not tried, on a restore a minute later; no
   * idle-connection reaper thread (the pool drops expired connections when it leases one). Each
   * call is bounded ({@link ClientLimits}): 2 s per attempt, 3 attempts, 8 s in all, so a throttled
   * or hung DynamoDB ends in {@link StoreException.Unavailable} long before API Gateway's 29 s.
   *
   * @param endpointOverride a local endpoint (Dynoxide, DynamoDB Local), used with static dummy
   *     credentials; {@code null} for AWS, where credentials come from the Lambda environment
   *     variables when present, else from the default provider chain
   * @param region the region; {@code null} reads {@code AWS_REGION} (as set in Lambda), or uses
   *     us-east-1 with an endpoint override
   */
  public static DynamoDbClient clientFor(URI endpointOverride, Region region) {
    return clientFor(endpointOverride, region, List.of());
  }

  /**
   * {@link #clientFor(URI, Region)} with interceptors run on every attempt: the fault harness
   * (infra/bench) injects throttling, failures, latency and connection resets through one. The
   * functions never pass any.
   */
  public static DynamoDbClient clientFor(
      URI endpointOverride, Region region, List<ExecutionInterceptor> interceptors) {
    Duration connectionLife = Duration.ofSeconds(60);
    DynamoDbClientBuilder builder = DynamoDbClient.builder();
    if (!Boolean.getBoolean(SDK_HTTP_CLIENT_PROPERTY)) {
      builder.httpClient(
          Apache5HttpClient.builder()
              .connectionTimeout(Duration.ofSeconds(2))
              .socketTimeout(Duration.ofSeconds(10))
              .connectionTimeToLive(connectionLife)
              .connectionMaxIdleTime(connectionLife)
              .useIdleConnectionReaper(false)
              .build());
    }
    builder.overrideConfiguration(
        interceptors.isEmpty()
            ? ClientLimits.overrideConfiguration()
            : ClientLimits.overrideConfiguration().toBuilder()
                .executionInterceptors(interceptors)
                .build());
    if (Boolean.getBoolean(DEFAULT_CHAINS_PROPERTY)) {
      // measuring only (docs/performance.md, "Cold start levers"): the SDK's discovery chains
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
      if (endpointOverride != null) {
        builder.endpointOverride(endpointOverride);
      }
      return builder.build();
    }
    Region resolved = region != null ? region : defaultRegion(endpointOverride);
    builder.region(resolved);
    if (endpointOverride != null) {
      builder
          .endpointOverride(endpointOverride)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    } else {
      builder.credentialsProvider(awsCredentials());
    }
    if (Boolean.getBoolean(STATIC_ENDPOINT_PROPERTY)) {
      URI fixed =
          endpointOverride != null
              ? endpointOverride
              : URI.create("https://dynamodb." + resolved.id() + ".amazonaws.com");
      Endpoint endpoint = Endpoint.builder().url(fixed).build();
      builder.endpointProvider(params -> CompletableFuture.completedFuture(endpoint));
    }
    return builder.build();
  }

  /**
   * {@code -Dscim.coldstart.defaultChains=true}: build the client with the SDK's default region and
   * credentials chains instead of the values from the environment, to measure what that costs at
   * cold start (docs/performance.md, "Cold start levers"). Never set in the functions.
   */
  public static final String DEFAULT_CHAINS_PROPERTY = "scim.coldstart.defaultChains";

  /**
   * {@code -Dscim.coldstart.staticEndpoint=true}: a fixed endpoint instead of the SDK's endpoint
   * rules, to measure what resolving them costs (docs/performance.md, "Cold start levers").
   */
  public static final String STATIC_ENDPOINT_PROPERTY = "scim.coldstart.staticEndpoint";

  /**
   * {@code -Dscim.coldstart.sdkHttpClient=true}: no HTTP client given to the builder, so the SDK
   * picks one by its own discovery ({@code -Dsoftware.amazon.awssdk.http.service.impl=...} and that
   * client's jar on the class path), to measure another HTTP client on the functions' own request
   * path without a second jar (docs/performance.md, "Cold start levers"). Never set in the
   * functions: their jar holds only apache5-client.
   */
  public static final String SDK_HTTP_CLIENT_PROPERTY = "scim.coldstart.sdkHttpClient";

  private static Region defaultRegion(URI endpointOverride) {
    String region = System.getenv("AWS_REGION");
    if (region != null && !region.isEmpty()) {
      return Region.of(region);
    }
    if (endpointOverride != null) {
      return Region.US_EAST_1;
    }
    throw new IllegalStateException("AWS_REGION is not set and no region was given");
  }

  private static AwsCredentialsProvider awsCredentials() {
    if (System.getenv("AWS_ACCESS_KEY_ID") != null
        && System.getenv("AWS_SECRET_ACCESS_KEY") != null) {
      return EnvironmentVariableCredentialsProvider.create();
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
