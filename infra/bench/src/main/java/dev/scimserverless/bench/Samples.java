package dev.scimserverless.bench;

import java.util.Arrays;
import java.util.List;

/** Measured durations (any unit), sorted once and read as nearest-rank percentiles. */
final class Samples {
  private final long[] sorted;

  private Samples(long[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    this.sorted = values.clone();
    Arrays.sort(this.sorted);
  }

  static Samples of(long[] values) {
    return new Samples(values);
  }

  static Samples of(List<Long> values) {
    return new Samples(values.stream().mapToLong(Long::longValue).toArray());
  }

  int count() {
    return sorted.length;
  }

  long min() {
    return sorted[0];
  }

  long max() {
    return sorted[sorted.length - 1];
  }

  long median() {
    return percentile(50);
  }

  long sum() {
    long s = 0;
    for (long v : sorted) {
      s += v;
    }
    return s;
  }

  /** The smallest sample at or above which lies {@code p} percent of the samples. */
  long percentile(double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /** Microseconds as milliseconds with one decimal. */
  static String ms(long micros) {
    return String.format("%.1f", micros / 1000.0);
  }

  /** Nanoseconds as microseconds, or milliseconds with two decimals from 10 ms on. */
  static String latency(long nanos) {
    return nanos >= 10_000_000
        ? String.format("%.2f ms", nanos / 1e6)
        : String.format("%.0f µs", nanos / 1e3);
  }
}
