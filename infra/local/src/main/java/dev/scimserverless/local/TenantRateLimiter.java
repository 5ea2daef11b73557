package dev.scimserverless.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The local endpoint's version of API Gateway's per-tenant usage-plan throttling: a token bucket
 * per tenant that holds at most {@code ratePerSecond} requests (the burst) and refills at {@code
 * ratePerSecond}. A request that finds the bucket empty is refused with the seconds to wait.
 */
final class TenantRateLimiter {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double rate;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param ratePerSecond requests per second per tenant, also the burst; at least 1
   * @param nanoTime the monotonic clock ({@code System::nanoTime})
   */
  TenantRateLimiter(int ratePerSecond, LongSupplier nanoTime) {
    if (ratePerSecond < 1) {
      throw new IllegalArgumentException("rate limit must be at least 1, is " + ratePerSecond);
    }
    this.rate = ratePerSecond;
    this.burst = ratePerSecond;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes one request from the tenant's bucket.
   *
   * @return 0 when the request may go ahead, else the whole seconds to wait (at least 1), the
   *     {@code Retry-After} value
   */
  long acquire(String tenant) {
    Bucket bucket = buckets.computeIfAbsent(tenant, t -> new Bucket(burst, nanoTime.getAsLong()));
    synchronized (bucket) {
      long now = nanoTime.getAsLong();
      double elapsed = (now - bucket.updated) / (double) NANOS_PER_SECOND;
      bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, elapsed) * rate);
      bucket.updated = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      double wait = (1 - bucket.tokens) / rate;
      return Math.max(1, (long) Math.ceil(wait));
    }
  }

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }
}
