package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The local endpoint's per-tenant token bucket and its {@code --rate-limit} option. */
class SecurityRateLimiterTest {
  long now;

  @Test
  void aBurstOfTheLimitPassesThenTheBucketRefillsAtTheRate() {
    TenantRateLimiter limiter = new TenantRateLimiter(5, () -> now);
    for (int i = 0; i < 5; i++) {
      assertEquals(0, limiter.acquire("a"), "request " + i + " of the burst");
    }
    assertEquals(1, limiter.acquire("a"), "the sixth waits (Retry-After 1)");
    now += 200_000_000L; // 0.2 s refills one request at 5/s
    assertEquals(0, limiter.acquire("a"));
    assertEquals(1, limiter.acquire("a"));
    now += 10_000_000_000L; // a long pause refills the burst, never more
    for (int i = 0; i < 5; i++) {
      assertEquals(0, limiter.acquire("a"));
    }
    assertTrue(limiter.acquire("a") >= 1);
  }

  @Test
  void eachTenantHasItsOwnBucket() {
    TenantRateLimiter limiter = new TenantRateLimiter(1, () -> now);
    assertEquals(0, limiter.acquire("a"));
    assertEquals(1, limiter.acquire("a"));
    assertEquals(0, limiter.acquire("b"));
  }

  @Test
  void retryAfterIsTheWholeSecondsUntilTheNextRequest() {
    TenantRateLimiter limiter = new TenantRateLimiter(1, () -> now);
    assertEquals(0, limiter.acquire("a"));
    assertEquals(1, limiter.acquire("a"));
    now += 100_000_000L;
    assertEquals(1, limiter.acquire("a"));
    assertThrows(IllegalArgumentException.class, () -> new TenantRateLimiter(0, () -> now));
  }

  @Test
  void rateLimitOption() {
    assertEquals(0, LocalOptions.parse(List.of()).rateLimit());
    LocalOptions o = LocalOptions.parse(List.of("--rate-limit", "10", "--port", "0"));
    assertEquals(10, o.rateLimit());
    assertEquals(0, o.port());
    assertEquals(Optional.empty(), o.dynamodbEndpoint());
    assertThrows(
        IllegalArgumentException.class, () -> LocalOptions.parse(List.of("--rate-limit", "0")));
    assertThrows(
        IllegalArgumentException.class, () -> LocalOptions.parse(List.of("--rate-limit", "x")));
    assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse(List.of("--rate-limit")));
  }
}
