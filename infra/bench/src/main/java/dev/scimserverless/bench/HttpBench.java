package dev.scimserverless.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

/**
 * Throughput and latency through the socket, as an IdP sees a SCIM server: {@code --threads}
 * clients, each on one keep-alive HTTP/1.1 connection, send the IdP mix (60% GET /Users/{id}, 20%
 * {@code filter=userName eq}, 10% PATCH, 10% POST) as fast as answers come back, for {@code
 * --warmup} seconds unrecorded and then {@code --duration} seconds recorded. Prints one Markdown
 * row: requests/s, p50 / p90 / p99 / max, errors (any status but the expected 200 / 201 / 204, or
 * an I/O failure) and the 1-minute load average before and after (the machine is shared).
 *
 * <p>Against any SCIM server: {@code --base-url https://host/scim/v2 --token T}. Without {@code
 * --base-url} it starts the local endpoint itself as a separate JVM, as a user would ({@code java
 * -jar infra/local/target/scim-local.jar}, or {@code --local-jar}), on {@code --store memory} or
 * {@code --store dynamodb} (a Dynoxide started here, {@link LocalDynamo}), with {@code --server-jvm
 * "-Dsun.net.httpserver.nodelay=false"} to pass JVM options (to measure a setting); its log lines
 * go to a file in the temp directory. {@code --header true} prints the table's header.
 *
 * <p>Before measuring it creates {@code --users} users (default 500) through the same API; GET,
 * filter and PATCH pick one of them at random, POST creates a new one (the users are not deleted
 * afterwards). The client is a minimal HTTP/1.1 client on plain sockets (Content-Length and chunked
 * answers, reconnecting when the server closes), so that the client's own cost stays small.
 */
public final class HttpBench {
  private static final String SCIM = "application/scim+json";

  private HttpBench() {}

  public static void main(String[] args) throws Exception {
    Args a = Args.parse(args);
    if (a.get("header", "false").equals("true")) {
      System.out.println(
          "| run | threads | seconds | requests | requests/s | p50 | p90 | p99 | max | errors"
              + " | load before → after |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
      return;
    }
    int threads = a.integer("threads", 8);
    int warmup = a.integer("warmup", 10);
    int duration = a.integer("duration", 20);
    int users = a.integer("users", 500);
    String label = a.get("label", "");
    String baseUrl = a.get("base-url", null);
    String token = a.get("token", null);
    LocalServer local = null;
    if (baseUrl == null) {
      token = "scim_bench_" + UUID.randomUUID().toString().replace("-", "");
      local =
          LocalServer.start(
              a.get("local-jar", "infra/local/target/scim-local.jar"),
              a.get("store", "memory"),
              a.get("server-jvm", ""),
              token);
      baseUrl = local.baseUrl;
      if (label.isEmpty()) {
        label = "local " + a.get("store", "memory") + " " + a.get("server-jvm", "");
      }
    } else if (token == null) {
      throw new IllegalArgumentException("--base-url needs --token");
    }
    try {
      Target target = Target.of(baseUrl, token);
      List<String> ids = seed(target, users);
      String before = loadAverage();
      Worker[] workers = new Worker[threads];
      long start = System.nanoTime();
      long recordFrom = start + TimeUnit.SECONDS.toNanos(warmup);
      long end = recordFrom + TimeUnit.SECONDS.toNanos(duration);
      Thread[] running = new Thread[threads];
      for (int i = 0; i < threads; i++) {
        workers[i] = new Worker(target, ids, i, recordFrom, end);
        running[i] = new Thread(workers[i], "bench-client-" + i);
        running[i].start();
      }
      for (Thread t : running) {
        t.join();
      }
      String after = loadAverage();
      report(label.isBlank() ? baseUrl : label.trim(), threads, duration, workers, before, after);
    } finally {
      if (local != null) {
        local.close();
      }
    }
  }

  private static void report(
      String label, int threads, int seconds, Worker[] workers, String before, String after) {
    int count = 0;
    for (Worker w : workers) {
      count += w.count;
    }
    long[] all = new long[count];
    int at = 0;
    Map<String, Integer> errors = new TreeMap<>();
    for (Worker w : workers) {
      System.arraycopy(w.latencies, 0, all, at, w.count);
      at += w.count;
      w.errors.forEach((k, v) -> errors.merge(k, v, Integer::sum));
    }
    if (count == 0) {
      System.out.println("| " + label + " | " + threads + " | no request completed | " + errors);
      return;
    }
    Samples s = Samples.of(all);
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %d | %.0f | %s | %s | %s | %s | %s | %s → %s |%n",
        label,
        threads,
        seconds,
        count,
        count / (double) seconds,
        Samples.latency(s.median()),
        Samples.latency(s.percentile(90)),
        Samples.latency(s.percentile(99)),
        Samples.latency(s.max()),
        errors.isEmpty() ? "0" : errors.toString(),
        before,
        after);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** Creates the users that GET, filter and PATCH pick from; returns their ids. */
  private static List<String> seed(Target target, int users) throws IOException {
    List<String> ids = new ArrayList<>();
    try (Connection c = new Connection(target)) {
      for (int i = 0; i < users; i++) {
        Response r = c.send("POST", "/Users", newUser("seed"));
        if (r.status != 201) {
          throw new IllegalStateException(
              "seeding: POST /Users answered " + r.status + " " + r.body);
        }
        ids.add(field(r.body, "id"));
      }
    }
    return ids;
  }

  static String newUser(String prefix) {
    String name = "bench-" + prefix + "-" + UUID.randomUUID() + "@example.com";
    return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
        + name
        + "\",\"name\":{\"givenName\":\"Bench\",\"familyName\":\"User\"},"
        + "\"emails\":[{\"value\":\""
        + name
        + "\",\"type\":\"work\",\"primary\":true}],\"active\":true}";
  }

  /** A string field of a JSON object's first level, found textually (the id, the userName). */
  static String field(String json, String name) {
    String key = "\"" + name + "\"";
    int k = json.indexOf(key);
    int colon = json.indexOf(':', k + key.length());
    int open = json.indexOf('"', colon + 1);
    int close = json.indexOf('"', open + 1);
    if (k < 0 || colon < 0 || open < 0 || close < 0) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return json.substring(open + 1, close);
  }

  /** One client: one connection, the IdP mix, latencies of the requests in the recorded window. */
  private static final class Worker implements Runnable {
    private final Target target;
    private final List<String> ids;
    private final List<String> names = new ArrayList<>();
    private final int index;
    private final long recordFrom;
    private final long end;
    private long[] latencies = new long[1 << 16];
    private int count;
    private final Map<String, Integer> errors = new TreeMap<>();

    Worker(Target target, List<String> ids, int index, long recordFrom, long end) {
      this.target = target;
      this.ids = ids;
      this.index = index;
      this.recordFrom = recordFrom;
      this.end = end;
    }

    @Override
    public void run() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      Connection c = new Connection(target);
      try {
        // the userNames of the seeded users, for the filter lookups (one GET each, unrecorded)
        for (int i = index; i < ids.size() && names.size() < 50; i += 8) {
          names.add(field(c.send("GET", "/Users/" + ids.get(i), null).body, "userName"));
        }
      } catch (IOException | RuntimeException e) {
        errors.merge("setup " + e.getClass().getSimpleName(), 1, Integer::sum);
        return;
      }
      while (true) {
        long started = System.nanoTime();
        if (started >= end) {
          break;
        }
        int pick = random.nextInt(100);
        String id = ids.get(random.nextInt(ids.size()));
        String kind;
        int status;
        try {
          if (pick < 60) {
            kind = "GET";
            status = c.send("GET", "/Users/" + id, null).status;
          } else if (pick < 80) {
            kind = "filter";
            String name = names.get(random.nextInt(names.size()));
            status = c.send("GET", "/Users?filter=userName%20eq%20%22" + name + "%22", null).status;
          } else if (pick < 90) {
            kind = "PATCH";
            status =
                c.send(
                        "PATCH",
                        "/Users/" + id,
                        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\","
                            + "\"value\":\"Bench "
                            + random.nextInt(1_000_000)
                            + "\"}]}")
                    .status;
          } else {
            kind = "POST";
            status = c.send("POST", "/Users", newUser("run")).status;
          }
        } catch (IOException | RuntimeException e) {
          kind = e.getClass().getSimpleName();
          status = -1;
          c.close();
          c = new Connection(target);
        }
        long finished = System.nanoTime();
        boolean ok = status == 200 || status == 201 || status == 204;
        if (started >= recordFrom) {
          if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
          }
          latencies[count++] = finished - started;
          if (!ok) {
            errors.merge(kind + (status > 0 ? " " + status : ""), 1, Integer::sum);
          }
        }
      }
      c.close();
    }
  }

  /** Where requests go: scheme, host, port, the base path, the Authorization header. */
  record Target(boolean tls, String host, int port, String basePath, String authorization) {
    static Target of(String baseUrl, String token) {
      URI u = URI.create(baseUrl);
      boolean tls = u.getScheme().equalsIgnoreCase("https");
      int port = u.getPort() > 0 ? u.getPort() : tls ? 443 : 80;
      String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
      return new Target(tls, u.getHost(), port, path, "Bearer " + token);
    }

    String hostHeader() {
      return (port == 80 && !tls) || (port == 443 && tls) ? host : host + ":" + port;
    }
  }

  record Response(int status, String body) {}

  /** One keep-alive HTTP/1.1 connection, opened on first use and again when the server closes. */
  static final class Connection implements Closeable {
    private final Target target;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    Connection(Target target) {
      this.target = target;
    }

    Response send(String method, String path, String body) throws IOException {
      boolean reused = socket != null;
      try {
        return exchange(method, path, body);
      } catch (IOException e) {
        close();
        if (!reused) {
          throw e;
        }
        // a kept-alive connection the server had closed: what every client does, once more
        return exchange(method, path, body);
      }
    }

    private Response exchange(String method, String path, String body) throws IOException {
      if (socket == null) {
        open();
      }
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head =
          new StringBuilder(256)
              .append(method)
              .append(' ')
              .append(target.basePath())
              .append(path)
              .append(" HTTP/1.1\r\nHost: ")
              .append(target.hostHeader())
              .append("\r\nAuthorization: ")
              .append(target.authorization())
              .append("\r\nAccept: ")
              .append(SCIM)
              .append("\r\n");
      if (body != null) {
        head.append("Content-Type: ")
            .append(SCIM)
            .append("\r\nContent-Length: ")
            .append(payload.length)
            .append("\r\n");
      }
      head.append("\r\n");
      byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
      byte[] request = Arrays.copyOf(h, h.length + payload.length);
      System.arraycopy(payload, 0, request, h.length, payload.length);
      out.write(request);
      out.flush();
      return read(method);
    }

    private Response read(String method) throws IOException {
      String statusLine = line();
      if (statusLine == null) {
        throw new IOException("connection closed before an answer");
      }
      int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String l = line(); l != null && !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = l.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      byte[] bytes;
      if (method.equals("HEAD") || status == 204 || status == 304) {
        bytes = new byte[0];
      } else if (chunked) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
            size > 0;
            size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
          b.write(in.readNBytes(size));
          line();
        }
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
          // trailers
        }
        bytes = b.toByteArray();
      } else if (length >= 0) {
        bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
          throw new IOException("connection closed inside the body");
        }
      } else {
        bytes = in.readAllBytes();
        close = true;
      }
      if (close) {
        close();
      }
      return new Response(status, new String(bytes, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      for (int c = in.read(); ; c = in.read()) {
        if (c < 0) {
          return b.length() == 0 ? null : b.toString();
        }
        if (c == '\n') {
          int n = b.length();
          return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
        }
        b.append((char) c);
      }
    }

    private void open() throws IOException {
      socket =
          target.tls()
              ? SSLSocketFactory.getDefault().createSocket(target.host(), target.port())
              : new Socket(target.host(), target.port());
      // each request goes out in one write; no-delay so that the client adds no wait of its own
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      socket = null;
    }
  }

  /** The local endpoint's jar, run as a user runs it, on a free port, until {@link #close}. */
  private static final class LocalServer implements Closeable {
    private final Process process;
    private final String baseUrl;

    private LocalServer(Process process, String baseUrl) {
      this.process = process;
      this.baseUrl = baseUrl;
    }

    static LocalServer start(String jar, String store, String jvmOptions, String token)
        throws IOException, InterruptedException {
      if (!new File(jar).isFile()) {
        throw new IllegalArgumentException(
            jar + " not found: build it (mvn -B -ntp -q -pl infra/local -am package -DskipTests)");
      }
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String o : jvmOptions.trim().split("\\s+")) {
        if (!o.isEmpty()) {
          command.add(o);
        }
      }
      command.addAll(
          List.of("-jar", jar, "--port", Integer.toString(port), "--tenant", "bench=" + token));
      if (store.equals("dynamodb")) {
        Map<String, String> env = LocalDynamo.functionEnvironment();
        command.addAll(
            List.of(
                "--dynamodb-endpoint",
                env.get("DYNAMODB_ENDPOINT"),
                "--table",
                env.get("TABLE_NAME")));
      } else if (!store.equals("memory")) {
        throw new IllegalArgumentException("--store memory|dynamodb, got " + store);
      }
      File log = File.createTempFile("scim-local-bench-", ".log");
      log.deleteOnExit();
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
      LocalServer server = new LocalServer(p, "http://127.0.0.1:" + port + "/scim/v2");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
          System.err.println("local endpoint up (log " + log + "): " + String.join(" ", command));
          return server;
        } catch (IOException notYet) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            server.close();
            throw new IllegalStateException(
                "the local endpoint did not start: " + Files.readString(log.toPath()));
          }
          Thread.sleep(50);
        }
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
