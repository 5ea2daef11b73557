package dev.scimserverless.store.dynamodb;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A local DynamoDB for tests: one Dynoxide server per JVM (in-memory database) on a free loopback
 * port, started lazily by {@link #shared()} and stopped by a shutdown hook.
 *
 * <p>The binary is {@code DYNOXIDE_BIN} (system property or environment variable) if set, else
 * {@code <dynoxide.home>/<dynoxide.version>/node_modules/@dynoxide/linux-x64/dynoxide}, installed
 * there with npm when missing. {@code dynoxide.home} defaults to {@code <repo root>/.dynoxide} and
 * {@code dynoxide.version} to {@value #DEFAULT_VERSION} (failsafe sets both from the root pom).
 */
public final class Dynoxide {
  /** The Dynoxide version used when the {@code dynoxide.version} property is not set. */
  public static final String DEFAULT_VERSION = "1.2.1";

  private static final String PACKAGE = "@dynoxide/linux-x64";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final int START_TRIES = 3;
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static volatile Dynoxide shared;

  private final Process process;
  private final URI endpoint;
  private final DynamoDbClient client;

  private Dynoxide(Process process, URI endpoint, DynamoDbClient client) {
    this.process = process;
    this.endpoint = endpoint;
    this.client = client;
  }

  /** The server of this JVM, started on first use. */
  public static Dynoxide shared() {
    Dynoxide d = shared;
    if (d == null) {
      synchronized (Dynoxide.class) {
        d = shared;
        if (d == null) {
          d = start(binary());
          Dynoxide started = d;
          Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "dynoxide-stop"));
          shared = d;
        }
      }
    }
    return d;
  }

  /** The HTTP endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** A client for the endpoint (dummy credentials, URLConnection HTTP client). */
  public DynamoDbClient client() {
    return client;
  }

  /** Creates a new, uniquely named, empty table with the store's key schema; returns its name. */
  public String freshTable() {
    String name =
        "scim-test-"
            + TABLES.incrementAndGet()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbTables.createIfMissing(client, name);
    return name;
  }

  // ---------------------------------------------------------------- starting

  private static Dynoxide start(Path binary) {
    IllegalStateException failure = new IllegalStateException("Dynoxide did not start");
    for (int attempt = 1; attempt <= START_TRIES; attempt++) {
      try {
        return startOnce(binary);
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  private static Dynoxide startOnce(Path binary) throws IOException {
    int port = freePort();
    Path log = Files.createTempFile("dynoxide-", ".log");
    log.toFile().deleteOnExit();
    Process process =
        new ProcessBuilder(
                binary.toString(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    DynamoDbClient client = DynamoDbClients.clientFor(endpoint, Region.US_EAST_1);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    RuntimeException lastError = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        client.close();
        throw new IllegalStateException(
            "Dynoxide exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      if (accepts(port)) {
        try {
          client.listTables();
          return new Dynoxide(process, endpoint, client);
        } catch (RuntimeException e) {
          lastError = e;
        }
      }
      sleep(100);
    }
    process.destroyForcibly();
    client.close();
    throw new IllegalStateException(
        "Dynoxide not ready on port "
            + port
            + " after "
            + START_TIMEOUT
            + ": "
            + Files.readString(log),
        lastError);
  }

  private void stop() {
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- finding the binary

  /** The Dynoxide binary, installed with npm when missing (see the class comment). */
  public static Path binary() {
    String configured = setting("DYNOXIDE_BIN");
    if (configured != null && !configured.isBlank()) {
      Path bin = Path.of(configured);
      if (!Files.isExecutable(bin)) {
        throw new IllegalStateException("DYNOXIDE_BIN is not an executable file: " + bin);
      }
      return bin;
    }
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException(
          "Dynoxide is installed automatically only on linux x64 (this is "
              + os
              + "/"
              + arch
              + "): set DYNOXIDE_BIN to a dynoxide binary");
    }
    String version = System.getProperty("dynoxide.version", DEFAULT_VERSION);
    Path home =
        Path.of(System.getProperty("dynoxide.home", repoRoot().resolve(".dynoxide").toString()));
    Path prefix = home.resolve(version);
    Path bin = prefix.resolve("node_modules").resolve(PACKAGE).resolve("dynoxide");
    install(home, prefix, version, bin);
    if (!Files.isExecutable(bin) && !bin.toFile().setExecutable(true)) {
      throw new IllegalStateException("cannot make " + bin + " executable");
    }
    return bin;
  }

  /**
   * Installs the binary with npm unless it is there, under a file lock, so that parallel builds on
   * one machine install once and never start a half-written binary.
   */
  private static void install(Path home, Path prefix, String version, Path bin) {
    try {
      Files.createDirectories(prefix);
      try (RandomAccessFile lockFile =
              new RandomAccessFile(home.resolve(version + ".lock").toFile(), "rw");
          FileChannel channel = lockFile.getChannel();
          FileLock lock = channel.lock()) {
        if (Files.isRegularFile(bin)) {
          return;
        }
        List<String> command =
            List.of(
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                prefix.toString(),
                PACKAGE + "@" + version);
        System.err.println("Installing Dynoxide: " + String.join(" ", command));
        Process npm;
        try {
          npm = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
          throw new IllegalStateException(
              "npm is needed to install Dynoxide (or set DYNOXIDE_BIN): " + e.getMessage(), e);
        }
        // npm's output goes to our stderr (a forked test JVM's stdout is the report channel)
        npm.getInputStream().transferTo(System.err);
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
          npm.destroyForcibly();
          throw new IllegalStateException("npm install of Dynoxide timed out");
        }
        if (npm.exitValue() != 0 || !Files.isRegularFile(bin)) {
          throw new IllegalStateException(
              "npm install of "
                  + PACKAGE
                  + "@"
                  + version
                  + " failed (exit "
                  + npm.exitValue()
                  + "); expected "
                  + bin);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot install Dynoxide into " + prefix, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing Dynoxide", e);
    }
  }

  /**
   * The {@code repo.root} property, else the top-most directory with a pom.xml above the working
   * directory (stopping at a git work tree's root).
   */
  private static Path repoRoot() {
    String configured = System.getProperty("repo.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    Path root = dir;
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))) {
        root = dir;
      }
      if (Files.exists(dir.resolve(".git"))) {
        break;
      }
      dir = dir.getParent();
    }
    return root;
  }

  private static String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Dynoxide", e);
    }
  }
}
