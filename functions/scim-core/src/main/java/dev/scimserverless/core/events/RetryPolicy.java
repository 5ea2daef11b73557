package dev.scimserverless.core.events;

import java.time.Duration;

/**
 * How a failed delivery (5xx, 429, timeout, no connection) is retried: waits {@code first},
 * doubling up to {@code max}, until {@code giveUpAfter} has passed since the first attempt; then
 * the delivery is parked in the dead-letter store. Other statuses (4xx) are not retried.
 *
 * @param first the first wait
 * @param max the longest wait
 * @param giveUpAfter how long a delivery is retried
 * @param timeout how long one attempt may take
 */
public record RetryPolicy(Duration first, Duration max, Duration giveUpAfter, Duration timeout) {
  /** 1 s doubling to 1 h, for 24 h; 10 s per attempt. */
  public static final RetryPolicy STANDARD =
      new RetryPolicy(
          Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(24), Duration.ofSeconds(10));

  /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
  public Duration delay(int attempt) {
    long millis = first.toMillis();
    for (int i = 1; i < attempt && millis < max.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }

  /** Whether a status is worth another attempt: 5xx, 429 (and 408). */
  public static boolean retryable(int status) {
    return status >= 500 || status == 429 || status == 408;
  }
}
