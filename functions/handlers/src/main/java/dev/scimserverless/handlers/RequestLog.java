package dev.scimserverless.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.http.ScimRequest;
import dev.scimserverless.core.http.ScimResponse;
import dev.scimserverless.core.json.Json;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * One structured JSON line per request (request id, tenant, method, route, status, scimType,
 * latency) on standard output, which Lambda ships to CloudWatch. Never a token, a password or a
 * request body.
 */
public final class RequestLog {
  private final PrintStream out;

  RequestLog(PrintStream out) {
    this.out = out;
  }

  public static RequestLog stdout() {
    return new RequestLog(System.out);
  }

  public void request(ScimRequest request, String route, ScimResponse response, long nanos) {
    ObjectNode line = Json.object();
    line.put("time", Instant.now().toString());
    line.put("level", response.status() >= 500 ? "ERROR" : "INFO");
    line.put("requestId", request.requestId());
    line.put("tenant", request.tenant());
    line.put("method", request.method());
    line.put("route", route);
    line.put("status", response.status());
    String scimType = scimType(response);
    if (scimType != null) {
      line.put("scimType", scimType);
    }
    line.put("latencyMs", nanos / 1_000_000.0);
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
