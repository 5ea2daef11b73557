package dev.scimserverless.store.dynamodb;

import java.security.SecureRandom;
import java.time.Duration;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Random waits between retries, drawn from a fresh {@link SecureRandom} on every draw. Lambda
 * SnapStart resumes many execution environments from one snapshot, so a generator seeded before the
 * snapshot ({@code ThreadLocalRandom} of the handler thread, a {@code Random} field) would draw the
 * same "random" waits in all of them, and instances throttled together would retry together. A new
 * {@code SecureRandom} takes its seed from the operating system when it is used, after the restore.
 * Draws are rare (only before a retry), so their cost does not matter.
 */
final class Jitter {
  private Jitter() {}

  /** A uniform draw from {@code [0, bound]} ({@code 0} when {@code bound <= 0}). */
  static long upTo(long bound) {
    return bound <= 0 ? 0 : new SecureRandom().nextLong(bound + 1);
  }

  /**
   * The SDK's "full jitter" backoff on this class's draws: the wait before retry {@code n} (1 = the
   * first retry) is uniform in {@code [0, min(max, base * 2^(n-1))]}.
   */
  static BackoffStrategy fullJitter(Duration base, Duration max) {
    long baseMillis = base.toMillis();
    long maxMillis = max.toMillis();
    return retry -> {
      int doublings = Math.min(Math.max(retry - 1, 0), 30);
      return Duration.ofMillis(upTo(Math.min(maxMillis, baseMillis << doublings)));
    };
  }
}
