package dev.scimserverless.store.dynamodb;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * How long one DynamoDB call of {@link DynamoDbClients#clientFor} may take and how often the SDK
 * tries it (docs/data-model.md, "Failures"). The functions answer behind API Gateway, which gives
 * up after 29 s: a throttled or unreachable DynamoDB must surface as {@code Unavailable} (429 or
 * 503 with {@code Retry-After}) within seconds, not as a gateway timeout after the SDK's default
 * policy (8 retries with backoff up to 20 s, no call timeout) has run out. The authorizer uses the
 * same client.
 *
 * <ul>
 *   <li>{@link #ATTEMPT_TIMEOUT} per attempt: a DynamoDB request takes milliseconds, a cold first
 *       request some hundreds; an attempt still unanswered after 2 s is treated as lost.
 *   <li>{@link #CALL_TIMEOUT} per call, all attempts and waits included.
 *   <li>{@link #MAX_ATTEMPTS} attempts, standard retry conditions (throttling, 5xx, network
 *       failures, attempt timeouts) and the standard retry-token bucket, which stops retrying when
 *       most calls of the client fail; waits with {@link Jitter full jitter}, at most {@value
 *       #BACKOFF_MAX_MILLIS} ms ({@value #THROTTLING_BACKOFF_MAX_MILLIS} ms after throttling).
 *       Transaction conflicts are not retried here: {@link Calls} retries them with its own bounded
 *       policies.
 * </ul>
 */
final class ClientLimits {
  /** How long one attempt (one HTTP request) may take. */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  /** How long one call may take, all its attempts and the waits between them included. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(8);

  /** Attempts per call, the first included. */
  static final int MAX_ATTEMPTS = 3;

  static final long BACKOFF_BASE_MILLIS = 25;
  static final long BACKOFF_MAX_MILLIS = 500;
  static final long THROTTLING_BACKOFF_BASE_MILLIS = 100;
  static final long THROTTLING_BACKOFF_MAX_MILLIS = 1000;

  private ClientLimits() {}

  /** The timeouts and the retry strategy, for the client builder. */
  static ClientOverrideConfiguration overrideConfiguration() {
    return ClientOverrideConfiguration.builder()
        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
        .apiCallTimeout(CALL_TIMEOUT)
        .retryStrategy(retryStrategy())
        .build();
  }

  /** The SDK's standard strategy for AWS services with fewer attempts and shorter waits. */
  static RetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(MAX_ATTEMPTS)
        .backoffStrategy(
            Jitter.fullJitter(
                Duration.ofMillis(BACKOFF_BASE_MILLIS), Duration.ofMillis(BACKOFF_MAX_MILLIS)))
        .throttlingBackoffStrategy(
            Jitter.fullJitter(
                Duration.ofMillis(THROTTLING_BACKOFF_BASE_MILLIS),
                Duration.ofMillis(THROTTLING_BACKOFF_MAX_MILLIS)))
        .build();
  }
}
