package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.ProvisioningRecord;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

/**
 * Keeps each SCIM request in the tenant's provisioning log (docs/admin-api.md): method, route
 * template, status, scimType, detail, request id, token id, User-Agent, latency and the names of
 * ignored attributes — never a body, a token or a filter value (the detail of an {@code
 * invalidFilter} error has its quoted literals masked). Writing never fails the request it records:
 * a failed write is one WARN line. The executor decides whether it slows it: the local endpoint
 * writes on a background thread; Lambda, which freezes between invocations, writes before it
 * answers.
 */
public final class ProvisioningRecorder {
  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");

  private final ProvisioningLog log;
  private final Executor executor;

  public ProvisioningRecorder(ProvisioningLog log, Executor executor) {
    this.log = log;
    this.executor = executor;
  }

  /** Records nothing. */
  public static ProvisioningRecorder none() {
    return new ProvisioningRecorder(ProvisioningLog.NONE, Runnable::run);
  }

  /** Writes on the calling thread (Lambda). */
  public static ProvisioningRecorder direct(ProvisioningLog log) {
    return new ProvisioningRecorder(log, Runnable::run);
  }

  public void record(
      Instant time,
      ScimRequest request,
      String route,
      String tokenId,
      ScimResponse response,
      long nanos,
      List<String> unknownAttributes) {
    if (request.tenant() == null
        || log == ProvisioningLog.NONE
        || SnapStartPriming.TENANT.equals(request.tenant())) {
      return; // SnapStart priming only reads: it leaves nothing in any log
    }
    String scimType = null;
    String detail = null;
    if (response.status() >= 400 && response.body() != null) {
      try {
        JsonNode body = Json.mapper().readTree(response.body());
        scimType = body.path("scimType").isTextual() ? body.path("scimType").asText() : null;
        detail = body.path("detail").isTextual() ? body.path("detail").asText() : null;
      } catch (Exception e) {
        // not a SCIM Error: keep the status alone
      }
    }
    if (detail != null && ScimType.invalidFilter.name().equals(scimType)) {
      detail = QUOTED.matcher(detail).replaceAll("\"…\"");
    }
    ProvisioningRecord record =
        new ProvisioningRecord(
            time,
            request.tenant(),
            request.requestId(),
            request.method(),
            route,
            response.status(),
            scimType,
            detail,
            tokenId,
            request.header("User-Agent").orElse(null),
            nanos / 1_000_000,
            unknownAttributes);
    try {
      executor.execute(() -> write(record));
    } catch (RejectedExecutionException e) {
      warn(record, e);
    }
  }

  private void write(ProvisioningRecord record) {
    try {
      log.record(record);
    } catch (RuntimeException e) {
      warn(record, e);
    }
  }

  private static void warn(ProvisioningRecord record, Exception e) {
    System.out.println(
        "{\"level\":\"WARN\",\"message\":\"provisioning log write failed\",\"requestId\":"
            + Json.mapper().valueToTree(record.requestId())
            + ",\"error\":"
            + Json.mapper().valueToTree(e.getClass().getSimpleName())
            + "}");
  }
}
