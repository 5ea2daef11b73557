package dev.scimserverless.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Verifies deliveries with the npm {@code standardwebhooks} package (a third-party implementation
 * of the Standard Webhooks spec), installed with npm into {@code target/standardwebhooks/<version>}
 * as the build installs Dynoxide (under a file lock, once), and run with node.
 */
final class NodeWebhookVerifier {
  static final String PACKAGE = "standardwebhooks";
  static final String VERSION = "1.1.1";

  private NodeWebhookVerifier() {}

  /** Output of the verification ({@code verified N}); throws when a delivery does not verify. */
  static String verify(String secret, List<WebhookReceiver.Delivery> deliveries) {
    try {
      Path home = install();
      ObjectNode input = Json.object().put("secret", secret);
      ArrayNode list = input.putArray("deliveries");
      for (WebhookReceiver.Delivery d : deliveries) {
        list.addObject()
            .put("id", d.id())
            .put("timestamp", d.timestamp())
            .put("signature", d.signature())
            .put("body", d.body());
      }
      Path file = Files.createTempFile(home, "deliveries", ".json");
      Files.writeString(file, Json.write(input));
      Path script = home.resolve("verify-standard-webhooks.js");
      try (InputStream in =
          NodeWebhookVerifier.class.getResourceAsStream("/verify-standard-webhooks.js")) {
        Files.write(script, in.readAllBytes());
      }
      Process node =
          new ProcessBuilder("node", script.toString(), home.toString(), file.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
        throw new AssertionError("standardwebhooks did not verify: " + out);
      }
      Files.deleteIfExists(file);
      return out.trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run node: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path install() throws IOException, InterruptedException {
    Path target = Path.of(System.getProperty("project.build.directory", "target"));
    Path home = target.resolve(PACKAGE).resolve(VERSION).toAbsolutePath();
    Files.createDirectories(home);
    Path installed = home.resolve("node_modules").resolve(PACKAGE).resolve("package.json");
    try (RandomAccessFile lockFile =
            new RandomAccessFile(home.resolve("install.lock").toFile(), "rw");
        FileChannel channel = lockFile.getChannel();
        FileLock lock = channel.lock()) {
      if (Files.isRegularFile(installed)) {
        return home;
      }
      List<String> command =
          List.of(
              "npm",
              "install",
              "--no-save",
              "--no-audit",
              "--no-fund",
              "--prefix",
              home.toString(),
              PACKAGE + "@" + VERSION);
      System.err.println("Installing " + String.join(" ", command));
      Process npm = new ProcessBuilder(command).redirectErrorStream(true).start();
      npm.getInputStream().transferTo(System.err);
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        throw new IllegalStateException("npm install of " + PACKAGE + "@" + VERSION + " failed");
      }
      if (!Files.isRegularFile(installed)) {
        throw new IllegalStateException("npm did not install " + installed);
      }
    }
    return home;
  }
}
