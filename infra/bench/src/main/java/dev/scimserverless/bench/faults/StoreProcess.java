package dev.scimserverless.bench.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Dynoxide process on a SQLite data file, on a fixed loopback port, that the harness pauses
 * ({@code SIGSTOP}), resumes ({@code SIGCONT}), kills ({@code SIGKILL}) and restarts on the same
 * file and port, as a crashed and restarted database would be.
 */
final class StoreProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path binary;
  private final Path dataFile;
  private final Path log;
  private final int port;
  private Process process;

  private StoreProcess(Path binary, Path dataFile, Path log, int port) {
    this.binary = binary;
    this.dataFile = dataFile;
    this.log = log;
    this.port = port;
  }

  /** Starts Dynoxide on a free port with its database in {@code dataFile}. */
  static StoreProcess start(Path binary, Path dataFile) throws IOException {
    Path log = Files.createTempFile("dynoxide-faults-", ".log");
    log.toFile().deleteOnExit();
    StoreProcess p = new StoreProcess(binary, dataFile, log, freePort());
    p.launch();
    return p;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  long pid() {
    return process.pid();
  }

  /** {@code SIGSTOP}: the process keeps its sockets but answers nothing. */
  void pause() throws IOException {
    signal("STOP");
  }

  /** {@code SIGCONT}. */
  void resume() throws IOException {
    signal("CONT");
  }

  /** {@code SIGKILL}: no chance to flush or close anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** A new process on the same data file and port. */
  void restart() throws IOException {
    launch();
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(
                binary.toString(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--db-path",
                dataFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "Dynoxide exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      if (accepts()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting Dynoxide", e);
      }
    }
    process.destroyForcibly();
    throw new IOException("Dynoxide not listening on " + port + ": " + Files.readString(log));
  }

  private void signal(String name) throws IOException {
    try {
      int rc =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
      if (rc != 0) {
        throw new IOException("kill -" + name + " " + process.pid() + " exited with " + rc);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      try {
        resume(); // a stopped process does not act on SIGTERM until continued
      } catch (IOException ignored) {
        // killed below anyway
      }
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
