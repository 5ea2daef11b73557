package dev.scimserverless.bench.groups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one operation on a group of one size cost over its requests: the DynamoDB calls per
 * operation name, the consumed capacity units and the latency of each request, and the HTTP
 * statuses it answered.
 */
final class OperationCost {
  private final String operation;
  private final int members;
  private final List<Map<String, Long>> calls = new ArrayList<>();
  private final List<Double> capacity = new ArrayList<>();
  private final List<Long> nanos = new ArrayList<>();
  private final TreeSet<Integer> statuses = new TreeSet<>();
  private long maxResponseBytes;

  OperationCost(String operation, int members) {
    this.operation = operation;
    this.members = members;
  }

  void record(
      int status,
      int responseBytes,
      Map<String, Long> callsByOperation,
      double capacityUnits,
      long elapsed) {
    statuses.add(status);
    maxResponseBytes = Math.max(maxResponseBytes, responseBytes);
    calls.add(callsByOperation);
    capacity.add(capacityUnits);
    nanos.add(elapsed);
  }

  String operation() {
    return operation;
  }

  int members() {
    return members;
  }

  /** The largest response body, in bytes (UTF-8). */
  long maxResponseBytes() {
    return maxResponseBytes;
  }

  String statuses() {
    return statuses.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /**
   * The calls of one request, e.g. {@code GetItem 1 + TransactWriteItems 1}, or the average per
   * operation followed by {@code (varies)} when requests differed.
   */
  String callsPerRequest() {
    boolean constant = calls.stream().distinct().count() == 1;
    Map<String, Long> sum = new TreeMap<>();
    for (Map<String, Long> c : calls) {
      c.forEach((op, n) -> sum.merge(op, n, Long::sum));
    }
    if (sum.isEmpty()) {
      return "none";
    }
    String text =
        sum.entrySet().stream()
            .map(e -> e.getKey() + " " + number((double) e.getValue() / calls.size()))
            .collect(Collectors.joining(" + "));
    return constant ? text : text + " (mean; varies)";
  }

  /** Total calls of one request (mean). */
  double totalCalls() {
    long sum = 0;
    for (Map<String, Long> c : calls) {
      sum += c.values().stream().mapToLong(Long::longValue).sum();
    }
    return calls.isEmpty() ? 0 : (double) sum / calls.size();
  }

  double capacityPerRequest() {
    // rounded to hundredths, so that summing in another order cannot make two equal costs differ
    double mean = capacity.stream().mapToDouble(Double::doubleValue).sum() / capacity.size();
    return Math.round(mean * 100) / 100.0;
  }

  /** Nearest-rank percentile of the request times, in nanoseconds. */
  long percentile(double p) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  int count() {
    return nanos.size();
  }

  /** The same calls per request and capacity as {@code other}: a flat line between them. */
  boolean sameCostAs(OperationCost other) {
    return callsPerRequest().equals(other.callsPerRequest())
        && Math.abs(capacityPerRequest() - other.capacityPerRequest()) < 1e-9;
  }

  static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
  }

  static String bytes(long n) {
    if (n >= 1_000_000) {
      return String.format("%.2f MB", n / 1e6);
    }
    return n >= 1_000 ? String.format("%.1f kB", n / 1e3) : n + " B";
  }

  static String latency(long nanos) {
    return nanos >= 10_000_000
        ? String.format("%.1f ms", nanos / 1e6)
        : String.format("%.2f ms", nanos / 1e6);
  }
}
