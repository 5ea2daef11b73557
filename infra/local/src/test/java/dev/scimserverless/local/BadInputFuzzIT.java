package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A bounded, seeded fuzz run against the local endpoint over kept-alive sockets: random bytes, deep
 * and huge JSON, big numbers, bad UTF-8, odd filters and PATCH paths, wrong content types and
 * methods, on every route. Every request must get a status line (no dropped connection, no hang),
 * no 5xx, every error a SCIM Error whose detail quotes no parser, class name or stack frame.
 *
 * <p>{@code -Dfuzz.seed=N -Dfuzz.requests=N} replay or lengthen a run (defaults: seed 20261202, 600
 * requests); {@code -Dfuzz.store=dynamodb} runs it on the DynamoDB adapter on Dynoxide.
 */
class BadInputFuzzIT {
  static final long SEED = Long.getLong("fuzz.seed", 20261202L);
  static final int REQUESTS = Integer.getInteger("fuzz.requests", 600);
  static final int SOCKETS = 3;

  /** Words that would mean a parser's message, a class name or a stack frame leaked out. */
  static final List<String> LEAKS =
      List.of(
          "Jackson",
          "com.fasterxml",
          "Exception",
          "at dev.",
          "at java.",
          "StreamReadFeature",
          "line: ",
          "column: ",
          "Source:");

  static final String[] ROUTES = {
    "/scim/v2/Users",
    "/scim/v2/Users/{user}",
    "/scim/v2/.search",
    "/scim/v2/Users/.search",
    "/scim/v2/Groups",
    "/scim/v2/Groups/{group}",
    "/scim/v2/Groups/.search",
    "/scim/v2/ServiceProviderConfig",
    "/scim/v2/ResourceTypes",
    "/scim/v2/ResourceTypes/User",
    "/scim/v2/Schemas",
    "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
    "/scim/v2/Bulk",
    "/scim/v2/Me",
    "/scim/v2/Nope",
    "/",
  };

  static final String[] METHODS = {
    "GET", "GET", "POST", "POST", "PUT", "PATCH", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
    "FOO", "get"
  };

  static final String[] CONTENT_TYPES = {
    "application/scim+json",
    "application/scim+json",
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/xml",
    "multipart/form-data; boundary=x",
    "application/scim+json; charset=latin1",
    "",
    null,
  };

  static final String[] FILTERS = {
    "userName eq \"a\"",
    "userName eq",
    "userName eq \"a\" and",
    "(((((userName eq \"a\")",
    "(".repeat(5_000) + "userName eq \"a\"" + ")".repeat(5_000),
    "userName eq \"" + "x".repeat(20_000) + "\"",
    "emails[type eq \"work\" and value co \"@\"]",
    "emails[type eq \"work\"]]",
    "members[value eq \"x\"",
    "meta.lastModified gt \"not a date\"",
    "meta.lastModified gt 1e999999999",
    "active eq 99999999999999999999999999999999999999",
    "userName sw 1.0e-999999",
    "x.y.z.w eq true",
    "userName pr or not (userName pr)",
    "userName eq \"\\ud800\"",
    "userName eq \"\\u0000\"",
    "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"a\"",
    "\u00ff\u00fe",
    "%zz",
    "",
  };

  static final String[] PATCH_PATHS = {
    "members[value eq \"x\"]]",
    "members[value eq \"x\"",
    "members[]",
    "[",
    "]",
    "emails[type eq \"work\"].value",
    "emails[type eq \"work\"].value.extra",
    "name.givenName.x",
    "urn:ietf:params:scim:schemas:core:2.0:User:",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
    "members[value eq \"x\" or value eq \"y\"].display",
    "title",
    "",
    "..",
    "a".repeat(10_000),
    "emails[" + "(".repeat(3_000) + "type eq \"w\"" + ")".repeat(3_000) + "]",
    "\u0000",
  };

  final Random random = new Random(SEED);
  final Map<Integer, Integer> statuses = new TreeMap<>();
  final List<String> failures = new ArrayList<>();
  int dropped;
  int serverErrors;
  int notImplemented;

  static boolean badEscape(String target) {
    return java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})").matcher(target).find();
  }

  static boolean notImplemented(String target) {
    return target.startsWith("/scim/v2/Bulk") || target.startsWith("/scim/v2/Me");
  }

  @Test
  void badInputNeverGets5xxADroppedConnectionOrAParserMessage() throws Exception {
    try (EndpointFixture fixture =
        "dynamodb".equals(System.getProperty("fuzz.store"))
            ? EndpointFixture.dynamoDb()
            : EndpointFixture.inMemory()) {
      ScimClient client = fixture.orgA();
      String user = client.post("/Users", "{\"userName\":\"fuzz-user\"}").json().get("id").asText();
      String group =
          client
              .post(
                  "/Groups",
                  "{\"displayName\":\"fuzz-group\",\"members\":[{\"value\":\"" + user + "\"}]}")
              .json()
              .get("id")
              .asText();
      Connection[] sockets = new Connection[SOCKETS];
      long start = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        int s = random.nextInt(SOCKETS);
        if (sockets[s] == null) {
          sockets[s] = new Connection(fixture.endpoint.port());
        }
        Request request = request(user, group);
        try {
          Answer answer = sockets[s].exchange(request);
          check(request, answer);
          if (answer.closes()) {
            sockets[s].close();
            sockets[s] = null;
          }
        } catch (IOException e) {
          dropped++;
          failures.add("dropped (" + e + "): " + request.summary());
          sockets[s].close();
          sockets[s] = null;
        }
      }
      for (Connection c : sockets) {
        if (c != null) {
          c.close();
        }
      }
      System.out.printf(
          "bad-input fuzz: seed %d, %d requests in %.1f s, statuses %s, 5xx %d (besides %d 501"
              + " for /Bulk and /Me), dropped %d%n",
          SEED,
          REQUESTS,
          (System.nanoTime() - start) / 1e9,
          statuses,
          serverErrors,
          notImplemented,
          dropped);
    }
    assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    assertEquals(0, serverErrors);
    assertEquals(0, dropped);
  }

  void check(Request request, Answer answer) {
    statuses.merge(answer.status(), 1, Integer::sum);
    if (badEscape(request.target())) {
      // the JDK server refuses a request line that is not a URI before any handler runs (400,
      // its own text/html body, connection closed); API Gateway answers these itself in AWS
      if (answer.status() != 400) {
        failures.add("malformed URI answered " + answer.status() + ": " + request.summary());
      }
      return;
    }
    if (answer.status() == 501 && notImplemented(request.target())) {
      // RFC 7644: /Bulk and /Me are answered 501 Not Implemented when not supported, as the
      // ServiceProviderConfig says; not a failure of the service
      notImplemented++;
      return;
    }
    if (answer.status() >= 500) {
      serverErrors++;
      failures.add(answer.status() + " " + answer.text() + ": " + request.summary());
    }
    if (answer.status() < 400 || request.method().equals("HEAD")) {
      return;
    }
    JsonNode error;
    try {
      error = Json.parse(answer.text());
    } catch (RuntimeException e) {
      failures.add("not a SCIM Error: " + answer.text() + ": " + request.summary());
      return;
    }
    if (!error.path("schemas").path(0).asText().endsWith(":Error")
        || !error.path("status").asText().equals(Integer.toString(answer.status()))) {
      failures.add("not a SCIM Error: " + answer.text() + ": " + request.summary());
    }
    String detail = error.path("detail").asText("");
    if (Boolean.getBoolean("fuzz.verbose")) {
      System.out.println(
          "DETAIL " + answer.status() + " " + detail.replaceAll("[0-9a-f-]{36}", "<id>"));
    }
    for (String leak : LEAKS) {
      if (detail.contains(leak)) {
        failures.add("detail quotes '" + leak + "': " + detail + ": " + request.summary());
      }
    }
  }

  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    String summary() {
      String b = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
      String t = target.length() > 160 ? target.substring(0, 160) + "…" : target;
      return method + " " + t + " " + headers + " body(" + body.length + "): " + b;
    }
  }

  record Answer(int status, Map<String, String> headers, String text) {
    boolean closes() {
      return "close".equalsIgnoreCase(headers.getOrDefault("connection", ""));
    }
  }

  Request request(String user, String group) {
    String route = pick(ROUTES).replace("{user}", user).replace("{group}", group);
    int kind = random.nextInt(10);
    if (kind == 0) {
      route = route.replace(user, pick(new String[] {"%zz", "%C3%28", "..%2F..", "a%00b", "x"}));
    }
    String target = route + query();
    String method = random.nextInt(10) < 7 ? fitting(route) : pick(METHODS);
    Map<String, String> headers = new TreeMap<>();
    headers.put("Host", "127.0.0.1");
    int auth = random.nextInt(20);
    headers.put(
        "Authorization",
        auth == 0
            ? "Bearer wrong"
            : auth == 1 ? "Basic " + "A".repeat(600) : "Bearer " + EndpointFixture.TOKEN_A);
    String contentType = pick(CONTENT_TYPES);
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    if (random.nextInt(8) == 0) {
      headers.put("If-Match", pick(new String[] {"W/\"1\"", "*", "\"", "W/", "\u00ff"}));
    }
    byte[] body = method.equals("GET") && random.nextInt(3) > 0 ? new byte[0] : body(user);
    if (badEscape(target) && body.length > 32 * 1024) {
      // refused before the body is read: a large body would meet a closed connection
      body = Arrays.copyOf(body, 1024);
    }
    return new Request(method, target, headers, body);
  }

  /** A method the route serves, so that most requests reach a handler's parsing. */
  String fitting(String route) {
    if (route.endsWith(".search")) {
      return "POST";
    }
    if (route.matches("/scim/v2/(Users|Groups)/[^/.]+")) {
      return pick(new String[] {"GET", "PUT", "PATCH", "PATCH", "PATCH", "DELETE"});
    }
    if (route.matches("/scim/v2/(Users|Groups)")) {
      return pick(new String[] {"GET", "POST", "POST"});
    }
    return "GET";
  }

  String query() {
    switch (random.nextInt(6)) {
      case 0:
        return "?filter=" + encode(pick(FILTERS));
      case 1:
        return "?"
            + pick(
                new String[] {
                  "startIndex=-1",
                  "count=99999999999999999999",
                  "count=-5",
                  "startIndex=1e9",
                  "attributes=" + "a,".repeat(2_000),
                  "excludedAttributes=members,..,%zz",
                  "sortBy=userName&sortOrder=sideways",
                  "cursor=" + "A".repeat(3_000),
                  "cursor=!!!",
                  "filter=a&filter=b",
                  "=&&=",
                });
      default:
        return "";
    }
  }

  byte[] body(String user) {
    switch (random.nextInt(14)) {
      case 0:
        {
          byte[] b = new byte[random.nextInt(4_000)];
          random.nextBytes(b);
          return b;
        }
      case 1:
        return deep(10_000, random.nextBoolean());
      case 2:
        return huge();
      case 3:
        return utf8(
            "{\"userName\":\"big\",\"n\":"
                + pick(
                    new String[] {
                      "1e999999999",
                      "-1e-999999999",
                      "9".repeat(999),
                      "9".repeat(1_001),
                      "0." + "0".repeat(900) + "1",
                      "1" + "0".repeat(400) + "e-400",
                      "NaN",
                      "-Infinity"
                    })
                + "}");
      case 4:
        return badUtf8();
      case 5:
      case 6:
      case 7:
        return utf8(patch(user));
      case 8:
        return utf8(
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + "\"filter\":"
                + Json.write(Json.mapper().getNodeFactory().textNode(pick(FILTERS)))
                + ",\"startIndex\":"
                + pick(new String[] {"0", "-1", "1e999999999", "\"1\"", "99999999999999999999"})
                + ",\"count\":"
                + pick(new String[] {"1", "-1", "1.5", "null", "[]", "{}"})
                + "}");
      case 9:
        return utf8(
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":"
                + pick(
                    new String[] {
                      "\"fuzz-" + random.nextInt(1_000_000) + "\"",
                      "1",
                      "null",
                      "[]",
                      "{\"a\":1}",
                      "\"\\ud800\"",
                      "\"" + "u".repeat(70_000) + "\""
                    })
                + ",\"emails\":"
                + pick(new String[] {"[{\"value\":1}]", "{}", "\"x\"", "[[[]]]", "[null]"})
                + ",\"active\":"
                + pick(new String[] {"true", "\"yes\"", "1e99999", "{}"})
                + "}");
      case 10:
        return utf8(
            pick(
                new String[] {
                  "", " ", "null", "[]", "\"x\"", "{}", "{", "}", "{\"a\":1,\"a\":2}"
                }));
      case 11:
        return utf8("{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"]}");
      default:
        return utf8(
            "{\"displayName\":\"g"
                + random.nextInt(1_000)
                + "\",\"members\":[{\"value\":"
                + pick(new String[] {"\"" + user + "\"", "1", "null", "\"../x\"", "[]"})
                + "}]}");
    }
  }

  String patch(String user) {
    String path = pick(PATCH_PATHS);
    String op = pick(new String[] {"add", "remove", "replace", "Replace", "move", "", "1"});
    String value =
        pick(
            new String[] {
              "[{\"value\":\"" + user + "\"}]",
              "\"x\"",
              "null",
              "{\"givenName\":{}}",
              "1e999999999",
              "[" + "{\"value\":\"u\"},".repeat(2_000) + "{}]",
            });
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
        + Json.write(Json.mapper().getNodeFactory().textNode(op))
        + ",\"path\":"
        + Json.write(Json.mapper().getNodeFactory().textNode(path))
        + ",\"value\":"
        + value
        + "}]}";
  }

  byte[] deep(int depth, boolean arrays) {
    String open = arrays ? "[" : "{\"a\":";
    String close = arrays ? "]" : "}";
    return utf8(
        "{\"userName\":\"deep\",\"x\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}");
  }

  byte[] huge() {
    switch (random.nextInt(4)) {
      case 0:
        // a string over the largest body API Gateway accepts: 413
        return utf8("{\"userName\":\"" + "h".repeat(10 * 1024 * 1024 + 10) + "\"}");
      case 1:
        return utf8("{\"userName\":\"" + "h".repeat(2 * 1024 * 1024) + "\"}");
      case 2:
        return utf8("[" + "1,".repeat(400_000) + "1]");
      default:
        return utf8(
            "{"
                + "\"k\":1,".repeat(1)
                + "\"emails\":["
                + "{\"value\":\"a@b\"},".repeat(40_000)
                + "{}]}");
    }
  }

  byte[] badUtf8() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8("{\"userName\":\"bad"));
    byte[][] bad = {
      {(byte) 0xc3, 0x28},
      {(byte) 0xff},
      {(byte) 0xc0, (byte) 0xaf},
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
      {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0xe2, (byte) 0x82}
    };
    out.writeBytes(bad[random.nextInt(bad.length)]);
    out.writeBytes(utf8("\"}"));
    return out.toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String encode(String s) {
    if (s.equals("%zz")) {
      return s; // a bad percent-encoding, on purpose
    }
    return ScimClient.q(s);
  }

  <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  /** One kept-alive HTTP/1.1 connection, requests sent one at a time. */
  static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(60_000); // past this a request counts as hung
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    Answer exchange(Request r) throws IOException {
      StringBuilder head = new StringBuilder();
      head.append(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
      r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(r.body().length).append("\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(r.body());
      out.flush();
      try {
        return read(r.method().equals("HEAD"));
      } catch (SocketTimeoutException e) {
        throw new IOException("hung: no answer within 60 s", e);
      }
    }

    private Answer read(boolean head) throws IOException {
      String statusLine = line();
      if (statusLine == null) {
        throw new IOException("connection closed without a status line");
      }
      String[] parts = statusLine.split(" ", 3);
      int status = Integer.parseInt(parts[1]);
      Map<String, String> headers = new TreeMap<>();
      for (String l = line(); l != null && !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        headers.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
      }
      byte[] body = new byte[0];
      if (!head && status != 204 && status != 304) {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          for (int n = Integer.parseInt(line().trim(), 16); n > 0; ) {
            b.writeBytes(in.readNBytes(n));
            line();
            n = Integer.parseInt(line().trim(), 16);
          }
          line();
          body = b.toByteArray();
        } else if (headers.containsKey("content-length")) {
          int n = Integer.parseInt(headers.get("content-length"));
          body = in.readNBytes(n);
          if (body.length < n) {
            throw new IOException("connection closed inside the body");
          }
        }
      }
      return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          byte[] bytes = b.toByteArray();
          int len =
              bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(Arrays.copyOf(bytes, len), StandardCharsets.ISO_8859_1);
        }
        b.write(c);
      }
      return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
