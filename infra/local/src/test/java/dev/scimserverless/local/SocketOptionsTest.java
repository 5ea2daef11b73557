package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local endpoint as shipped answers reused connections at the handlers' speed: TCP_NODELAY on
 * its sockets, responses of fixed length, the connection kept for the next request. No timing here
 * (that is infra/bench's HttpBench, docs/performance.md); these check the settings that make it
 * fast, so that a later change cannot lose them silently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocketOptionsTest {
  private EndpointFixture fixture;

  @BeforeAll
  void start() {
    fixture = EndpointFixture.inMemory();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void loadingTheEndpointTurnsNoDelayOn() {
    assertEquals("true", System.getProperty(LocalEndpoint.NODELAY_PROPERTY));
  }

  /** What the JDK server applies to accepted sockets (read by it once, with its first server). */
  @Test
  void theHttpServerSetsNoDelayOnItsSockets() throws Exception {
    Class<?> config = Class.forName("sun.net.httpserver.ServerConfig");
    Method noDelay = config.getDeclaredMethod("noDelay");
    noDelay.setAccessible(true); // surefire opens jdk.httpserver to the tests (infra/local pom)
    assertEquals(Boolean.TRUE, noDelay.invoke(null));
  }

  @Test
  void workersAreSizedForTheMachine() {
    int threads = LocalEndpoint.workerThreads();
    assertTrue(threads >= 8 && threads <= 64, "worker threads " + threads);
    assertTrue(threads >= Math.min(64, Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void oneConnectionCarriesRequestsWithFixedLengthAnswers() throws IOException {
    String path = "/scim/v2/Users";
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), fixture.endpoint.port())) {
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String auth = "Authorization: Bearer " + EndpointFixture.TOKEN_A + "\r\n";
      String body = "{\"not\":\"read by anyone\"}";
      String[] requests = {
        "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
        // a body the endpoint never parses (unknown route): read and dropped all the same
        "POST /nowhere HTTP/1.1\r\nHost: x\r\n"
            + auth
            + "Content-Type: application/json\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body,
        "GET "
            + path
            + "?filter=userName%20eq%20%22nobody%22 HTTP/1.1\r\nHost: x\r\n"
            + auth
            + "\r\n",
      };
      int[] statuses = {200, 404, 200};
      for (int i = 0; i < requests.length; i++) {
        out.write(requests[i].getBytes(StandardCharsets.UTF_8));
        out.flush();
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 " + statuses[i]), head);
        String lower = head.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("transfer-encoding"), head);
        assertFalse(lower.contains("connection: close"), head);
        Matcher length = Pattern.compile("content-length: *(\\d+)").matcher(lower);
        assertTrue(length.find(), head);
        byte[] answer = in.readNBytes(Integer.parseInt(length.group(1)));
        assertTrue(new String(answer, StandardCharsets.UTF_8).startsWith("{"));
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
