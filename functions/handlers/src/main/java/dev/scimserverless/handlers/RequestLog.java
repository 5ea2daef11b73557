package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.store.AuditEvent;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * One structured JSON line per request on standard output, which Lambda ships to CloudWatch:
 * request id, tenant, token id, method, route, status, scimType, latency and DynamoDB calls. Never
 * a token, a password or a request body: nothing here reads the {@code Authorization} header or the
 * body. Failures get an ERROR line with the request id (the id the response's detail shows); a lost
 * audit write gets an ERROR line that carries the whole event, so it is not lost.
 */
public final class RequestLog {
  private final PrintStream out;

  RequestLog(PrintStream out) {
    this.out = out;
  }

  public static RequestLog stdout() {
    return new RequestLog(System.out);
  }

  /** A log writing to the given stream (tests, tools). */
  public static RequestLog to(PrintStream out) {
    return new RequestLog(out);
  }

  /**
   * The line of one request.
   *
   * @param request the request (its tenant and request id)
   * @param route the route template, e.g. {@code /scim/v2/Users/{id}}
   * @param tokenId the id of the token that authenticated it, or null
   * @param response the response sent
   * @param nanos the time taken
   * @param dynamoDbCalls the DynamoDB calls made for it
   */
  public void request(
      ScimRequest request,
      String route,
      String tokenId,
      ScimResponse response,
      long nanos,
      long dynamoDbCalls) {
    ObjectNode line = Json.object();
    line.put("time", Instant.now().toString());
    line.put("level", response.status() >= 500 ? "ERROR" : "INFO");
    line.put("requestId", request.requestId());
    line.put("tenant", request.tenant());
    line.put("tokenId", tokenId);
    line.put("method", request.method());
    line.put("route", route);
    line.put("status", response.status());
    String scimType = scimType(response);
    if (scimType != null) {
      line.put("scimType", scimType);
    }
    line.put("latencyMs", nanos / 1_000_000.0);
    line.put("dynamoDbCalls", dynamoDbCalls);
    out.println(Json.write(line));
  }

  public void failure(ScimRequest request, Throwable failure) {
    ObjectNode line = Json.object();
    line.put("time", Instant.now().toString());
    line.put("level", "ERROR");
    line.put("requestId", request.requestId());
    line.put("tenant", request.tenant());
    line.put("method", request.method());
    line.put("path", request.path());
    line.put("error", failure.getClass().getName());
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    line.put("stackTrace", trace.toString());
    out.println(Json.write(line));
  }

  /** The audit trail could not be written: the event goes to the log instead, whole. */
  public void auditFailure(AuditEvent event, Throwable failure) {
    ObjectNode line = Json.object();
    line.put("time", Instant.now().toString());
    line.put("level", "ERROR");
    line.put("message", "audit write failed; the event is kept in this line");
    line.put("requestId", event.requestId());
    line.put("tenant", event.tenant());
    line.put("error", failure.getClass().getName() + ": " + failure.getMessage());
    ObjectNode e = line.putObject("auditEvent");
    e.put("time", event.time().toString());
    e.put("tenant", event.tenant());
    e.put("actor", event.actor());
    e.put("operation", event.operation());
    e.put("resourceType", event.resourceType());
    e.put("resourceId", event.resourceId());
    event.attributes().forEach(e.putArray("attributes")::add);
    e.put("requestId", event.requestId());
    out.println(Json.write(line));
  }

  private static String scimType(ScimResponse response) {
    if (response.status() < 400 || response.body() == null) {
      return null;
    }
    try {
      JsonNode body = Json.mapper().readTree(response.body());
      JsonNode t = body.get("scimType");
      return t == null ? null : t.asText();
    } catch (Exception e) {
      return null;
    }
  }
}
