package dev.scimserverless.bench;

import static dev.scimserverless.bench.UsersEvents.expect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.scimserverless.handlers.UsersHandler;
import dev.scimserverless.store.memory.InMemoryStore;
import java.time.Instant;

/**
 * One cold start of the Users function, run by {@link ColdStart} in a fresh JVM on the function's
 * jar, as Lambda runs it: construct the handler (for {@code dynamodb} through its no-argument
 * constructor, which reads TABLE_NAME, DYNAMODB_ENDPOINT and AWS_REGION), then handle a first POST
 * and a GET. Prints one line {@code BENCH main=<µs> constructed=<µs> first=<µs> second=<µs>
 * cpu=<µs>}: the first three since the parent launched the process (system property {@code
 * bench.t0}, epoch µs), then the GET alone, then the process's CPU time when the POST was answered
 * ({@link #cpuMicros}). Then checks the rest of the Users operations, untimed.
 *
 * <p>Usage: {@code ColdStartMain memory|dynamodb <sample>}
 */
public final class ColdStartMain {
  private ColdStartMain() {}

  public static void main(String[] args) {
    long entered = micros();
    long launched = Long.parseLong(System.getProperty("bench.t0"));
    String store = args[0];
    String tenant = "cold-" + args[1] + "-" + Long.toHexString(System.nanoTime());

    UsersHandler handler =
        store.equals("memory") ? new UsersHandler(new InMemoryStore()) : new UsersHandler();
    long constructed = micros();
    APIGatewayProxyResponseEvent created =
        expect(201, handler.handleRequest(UsersEvents.post(tenant, "ada"), null));
    long first = micros();
    long cpu = cpuMicros();
    long getStart = micros();
    String id = UsersEvents.createdId(created);
    expect(200, handler.handleRequest(UsersEvents.get(tenant, id), null));
    long second = micros();

    UsersFlow.check(handler, tenant, id, "ada");
    System.out.println(
        "BENCH main="
            + (entered - launched)
            + " constructed="
            + (constructed - launched)
            + " first="
            + (first - launched)
            + " second="
            + (second - getStart)
            + " cpu="
            + cpu);
    System.exit(0);
  }

  /**
   * CPU time of this process so far, all its live threads (JIT and GC threads included), in µs: the
   * sum of the first field (ns on the CPU) of {@code /proc/self/task/<tid>/schedstat}; -1 where
   * there is no such file. Less disturbed than wall-clock time by other processes on a shared
   * machine, which delay a cold start without adding to its CPU time.
   */
  static long cpuMicros() {
    try (java.util.stream.Stream<java.nio.file.Path> tasks =
        java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
      long nanos = 0;
      for (java.nio.file.Path task : tasks.toList()) {
        try {
          String stat = java.nio.file.Files.readString(task.resolve("schedstat")).trim();
          nanos += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
        } catch (java.io.IOException gone) {
          // the thread ended meanwhile
        }
      }
      return nanos / 1_000;
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Wall clock in epoch microseconds (comparable across processes, unlike nanoTime). */
  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
