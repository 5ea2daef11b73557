package dev.scimserverless.handlers;

import dev.scimserverless.core.store.AuditEvent;
import dev.scimserverless.core.store.AuditLog;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What every SCIM function needs besides its endpoint: where changes are audited, how many DynamoDB
 * calls were made so far (the log line shows the difference per request), where log lines go, and
 * the clock.
 *
 * @param auditLog the audit trail every successful change is recorded in
 * @param dynamoDbCalls the running total of DynamoDB calls of the store's client ({@code () -> 0}
 *     without DynamoDB). Lambda runs one request at a time per instance, so the difference before
 *     and after a request is that request's count; on the local endpoint, where requests run
 *     concurrently, it is approximate
 * @param log the request log
 * @param clock the time of audit events
 * @param provisioning where each request is kept for the tenant's provisioning log
 */
public record FunctionSupport(
    AuditLog auditLog,
    LongSupplier dynamoDbCalls,
    RequestLog log,
    Clock clock,
    ProvisioningRecorder provisioning) {

  /** An audit log that keeps nothing: for functions that never change anything (discovery). */
  public static final AuditLog NO_AUDIT =
      new AuditLog() {
        @Override
        public void record(AuditEvent event) {}

        @Override
        public List<AuditEvent> query(
            String tenant, Instant since, Optional<String> resourceId, int limit) {
          return List.of();
        }
      };

  public FunctionSupport {
    Objects.requireNonNull(auditLog, "auditLog");
    Objects.requireNonNull(dynamoDbCalls, "dynamoDbCalls");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(provisioning, "provisioning");
  }

  /** Auditing into the given log, no DynamoDB call counts, logging to standard output. */
  public static FunctionSupport of(AuditLog auditLog) {
    return new FunctionSupport(
        auditLog, () -> 0, RequestLog.stdout(), Clock.systemUTC(), ProvisioningRecorder.none());
  }

  /** Auditing into the given log, counting calls with the given total, logging to stdout. */
  public static FunctionSupport of(AuditLog auditLog, LongSupplier dynamoDbCalls) {
    return new FunctionSupport(
        auditLog,
        dynamoDbCalls,
        RequestLog.stdout(),
        Clock.systemUTC(),
        ProvisioningRecorder.none());
  }

  /** For tests and benchmarks that pass only a store: an audit trail in memory. */
  public static FunctionSupport inMemory() {
    return of(new InMemoryAuditLog());
  }

  /** The same with another request log. */
  public FunctionSupport withLog(RequestLog other) {
    return new FunctionSupport(auditLog, dynamoDbCalls, other, clock, provisioning);
  }

  /** The same, keeping every request in a provisioning log. */
  public FunctionSupport withProvisioning(ProvisioningRecorder recorder) {
    return new FunctionSupport(auditLog, dynamoDbCalls, log, clock, recorder);
  }
}
