package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.store.memory.InMemoryStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The local endpoint is built for kept-alive clients (IdPs reuse connections): TCP_NODELAY on as
 * shipped, a fixed-length answer, and the connection kept open for the next request. Timing is the
 * benchmark's business (docs/performance.md), not this test's.
 */
class SocketOptionsTest {
  @Test
  void noDelayIsOnAsShippedWithoutAJvmFlag() throws Exception {
    assertEquals("true", probe(), "the server sets TCP_NODELAY on accepted sockets");
    // the probe can tell: an explicit flag wins, and it sees it
    assertEquals("false", probe("-D" + LocalEndpoint.NODELAY_PROPERTY + "=false"));
  }

  /**
   * Starts an endpoint in a fresh JVM (so no other test has loaded the JDK server first) and asks
   * the JDK server's own configuration whether it sets TCP_NODELAY.
   */
  private static String probe(String... flags) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens");
    command.add("jdk.httpserver/sun.net.httpserver=ALL-UNNAMED");
    command.addAll(List.of(flags));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(NoDelayProbe.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe ended");
    assertEquals(0, p.exitValue(), out);
    return out.lines().filter(l -> l.startsWith("noDelay=")).findFirst().orElseThrow().substring(8);
  }

  /** The probe: start the endpoint, then read the JDK server's no-delay setting. */
  public static final class NoDelayProbe {
    public static void main(String[] args) throws Exception {
      try (LocalEndpoint endpoint = LocalEndpoint.start(0, new InMemoryStore(), Map.of())) {
        Class<?> config = Class.forName("sun.net.httpserver.ServerConfig");
        Method noDelay = config.getDeclaredMethod("noDelay");
        noDelay.setAccessible(true);
        System.out.println("noDelay=" + noDelay.invoke(null));
      }
    }
  }

  @Test
  void answersWithFixedLengthsOnOneKeptAliveConnection() throws Exception {
    try (LocalEndpoint endpoint = LocalEndpoint.start(0, new InMemoryStore(), Map.of());
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write(
            ("GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 "), head);
        assertTrue(head.toLowerCase().contains("content-length: "), "fixed length: " + head);
        assertTrue(!head.toLowerCase().contains("transfer-encoding"), head);
        assertTrue(!head.toLowerCase().contains("connection: close"), "kept alive: " + head);
        int length = contentLength(head);
        in.readNBytes(length);
      }
    }
  }

  static int workers() {
    return LocalEndpoint.workerThreads();
  }

  @Test
  void workersAreSizedForTheMachine() {
    int n = workers();
    assertTrue(n >= 8 && n <= 64, "workers " + n);
    assertEquals(Math.max(8, Math.min(64, 4 * Runtime.getRuntime().availableProcessors())), n);
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IllegalStateException("connection closed after: " + b);
      }
      b.append((char) c);
    }
    return b.toString();
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    throw new IllegalStateException("no content-length in " + head);
  }
}
