package dev.scimserverless.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * template.yaml agrees with the store's time limits and answers the gateway's own errors as valid
 * SCIM Errors whose {@code status} is the response's. The store module has no YAML parser, so this
 * reads the template's lines (infra/local's {@code SecurityTemplateTest} parses the rest of it).
 *
 * <ul>
 *   <li>API Gateway waits 29 s for a function; one DynamoDB call of the store gives up after {@link
 *       ClientLimits#CALL_TIMEOUT} and its longest retry loop soon after, so a throttled or hung
 *       table is a 429/503, not a 504.
 *   <li>The Users and Groups functions outlive the gateway's 29 s, so a DELETE's membership cascade
 *       finishes after the gateway answered 504.
 *   <li>{@code $context.error.messageString} is already a quoted JSON string; quoting it again made
 *       the body invalid JSON.
 * </ul>
 */
class TemplateLimitsTest {
  /** API Gateway's integration timeout of a REST API (the default, and the template's Globals). */
  private static final int GATEWAY_SECONDS = 29;

  /** Every 4XX gateway response type API Gateway documents, with its default status. */
  private static final Map<String, Integer> DOCUMENTED_4XX =
      Map.ofEntries(
          Map.entry("ACCESS_DENIED", 403),
          Map.entry("BAD_REQUEST_BODY", 400),
          Map.entry("BAD_REQUEST_PARAMETERS", 400),
          Map.entry("EXPIRED_TOKEN", 403),
          Map.entry("INVALID_API_KEY", 403),
          Map.entry("INVALID_SIGNATURE", 403),
          Map.entry("MISSING_AUTHENTICATION_TOKEN", 403),
          Map.entry("QUOTA_EXCEEDED", 429),
          Map.entry("REQUEST_TOO_LARGE", 413),
          Map.entry("RESOURCE_NOT_FOUND", 404),
          Map.entry("THROTTLED", 429),
          Map.entry("UNAUTHORIZED", 401),
          Map.entry("UNSUPPORTED_MEDIA_TYPE", 415),
          Map.entry("WAF_FILTERED", 403));

  private static final Pattern ENTRY = Pattern.compile("^ {8}([A-Z0-9_]+):\\s*$");
  private static final Pattern STATUS = Pattern.compile("^ {10}StatusCode: *'?(\\d+)'?\\s*$");
  private static final Pattern BODY = Pattern.compile("^ {12}application/json: *'(.*)'\\s*$");
  private static final Pattern TIMEOUT = Pattern.compile("^ {6}Timeout: *(\\d+)\\s*$");

  /** One gateway response: its status code (absent: the type's own) and its JSON template. */
  record GatewayResponse(OptionalInt statusCode, String template) {}

  @Test
  void gatewayResponsesAreValidScimErrorsWithTheResponsesStatus() throws IOException {
    Map<String, GatewayResponse> responses = gatewayResponses(lines());
    assertTrue(responses.size() > 10, "read the GatewayResponses: " + responses.keySet());

    responses.forEach(
        (type, response) -> {
          JsonNode body = Json.parse(expand(response.template()));
          assertEquals(
              "urn:ietf:params:scim:api:messages:2.0:Error", body.path("schemas").path(0).asText());
          assertTrue(body.path("detail").isTextual(), type + ": detail is a string");
          if (response.statusCode().isPresent()) {
            assertEquals(
                Integer.toString(response.statusCode().getAsInt()),
                body.path("status").asText(),
                type + ": the body's status is the response's");
          }
        });
    for (String type : DOCUMENTED_4XX.keySet()) {
      assertTrue(
          responses.containsKey(type) && responses.get(type).statusCode().isPresent(),
          type + " has its own entry and status (DEFAULT_4XX says 400)");
    }
    assertEquals(OptionalInt.of(503), responses.get("DEFAULT_5XX").statusCode());
    assertEquals(OptionalInt.of(504), responses.get("INTEGRATION_TIMEOUT").statusCode());
  }

  @Test
  void aStoreCallGivesUpLongBeforeTheGatewayAndTheCascadesOutliveIt() throws IOException {
    List<String> lines = lines();
    assertEquals(OptionalInt.of(GATEWAY_SECONDS), timeout(lines, "Globals"));
    // the longest a request waits on one retry loop of the store: its budget plus a last call
    long worstLoopMillis =
        Calls.Retry.CONTENDED.budgetMillis() + ClientLimits.CALL_TIMEOUT.toMillis();
    assertTrue(worstLoopMillis < GATEWAY_SECONDS * 1000L, worstLoopMillis + " ms");
    for (String function : Set.of("UsersFunction", "GroupsFunction")) {
      int seconds = timeout(lines, function).orElse(GATEWAY_SECONDS);
      assertTrue(seconds >= 300, function + " Timeout " + seconds);
    }
  }

  /** A template with API Gateway's variables replaced by what they expand to. */
  private static String expand(String template) {
    return template
        .replace("$context.error.messageString", "\"Invalid request body\"")
        .replace("$context.requestId", "c0ffee-1234");
  }

  private static Map<String, GatewayResponse> gatewayResponses(List<String> lines) {
    Map<String, GatewayResponse> responses = new LinkedHashMap<>();
    int start = lines.indexOf("      GatewayResponses:");
    assertTrue(start >= 0, "template.yaml has GatewayResponses");
    String type = null;
    OptionalInt status = OptionalInt.empty();
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.isBlank() && indent(line) < 8) {
        break;
      }
      Matcher m;
      if ((m = ENTRY.matcher(line)).matches()) {
        type = m.group(1);
        status = OptionalInt.empty();
      } else if ((m = STATUS.matcher(line)).matches()) {
        status = OptionalInt.of(Integer.parseInt(m.group(1)));
      } else if ((m = BODY.matcher(line)).matches() && type != null) {
        responses.put(type, new GatewayResponse(status, m.group(1).replace("''", "'")));
      }
    }
    return responses;
  }

  /** The {@code Timeout} of a resource's properties (or of Globals' Function). */
  private static OptionalInt timeout(List<String> lines, String resource) {
    List<String> block = new ArrayList<>();
    boolean inside = false;
    for (String line : lines) {
      if (line.equals("  " + resource + ":") || line.equals(resource + ":")) {
        inside = true;
        continue;
      }
      if (inside && !line.isBlank() && indent(line) <= (resource.equals("Globals") ? 0 : 2)) {
        break;
      }
      if (inside) {
        block.add(resource.equals("Globals") ? "  " + line : line);
      }
    }
    for (String line : block) {
      Matcher m = TIMEOUT.matcher(line);
      if (m.matches()) {
        return OptionalInt.of(Integer.parseInt(m.group(1)));
      }
    }
    return OptionalInt.empty();
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static List<String> lines() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
      dir = dir.getParent();
    }
    assertTrue(dir != null, "template.yaml above " + Path.of("").toAbsolutePath());
    return Files.readAllLines(dir.resolve("template.yaml"));
  }
}
