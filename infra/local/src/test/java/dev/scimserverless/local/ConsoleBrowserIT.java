package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.store.memory.InMemoryStore;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The admin console in a real browser: Debian's Chromium driven by playwright-core (npm), both
 * installed by this test when missing, so that a fresh machine runs it with the README's test
 * command alone. The walk itself is {@code src/test/console/console.test.mjs}; it saves a
 * screenshot of each page into {@code docs/console/}.
 */
class ConsoleBrowserIT {
  static final String PLAYWRIGHT = "playwright-core@1.65.1";
  static final String ADMIN_TOKEN = "console_it_admin_token_0123456789";

  @Test
  void anAdminWalksThroughTheConsole() throws Exception {
    Path root = Path.of(System.getProperty("repo.root", "../..")).toAbsolutePath().normalize();
    Path work = Path.of("target", "console-test").toAbsolutePath();
    String chromium = prepare(work, "console.test.mjs");
    Path shots = root.resolve("docs/console");
    Files.createDirectories(shots);
    InMemoryStore store = new InMemoryStore();
    LocalEndpoint.Settings settings = LocalEndpoint.Settings.defaults().withAdminToken(ADMIN_TOKEN);
    try (LocalEndpoint endpoint = LocalEndpoint.start(0, store, Map.of(), settings);
        // the Webhooks page's subscriptions are delivered, as scim-local.jar does
        LocalEvents events =
            LocalEvents.start(
                store,
                store,
                java.util.Optional.empty(),
                settings.webhooks(),
                settings.webhookDeliveries(),
                dev.scimserverless.core.events.RetryPolicy.STANDARD,
                java.time.Duration.ZERO,
                java.time.Duration.ofMillis(20))) {
      ProcessBuilder pb =
          new ProcessBuilder("node", "console.test.mjs")
              .directory(work.toFile())
              .redirectErrorStream(true);
      pb.environment()
          .putAll(
              Map.of(
                  "CONSOLE_URL",
                  endpoint.consoleUrl(),
                  "ADMIN_TOKEN",
                  ADMIN_TOKEN,
                  "SCIM_ORIGIN",
                  "http://127.0.0.1:" + endpoint.port(),
                  "SCREENSHOTS",
                  shots.toString(),
                  "CHROMIUM",
                  chromium));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the browser test ended");
      System.out.println(out);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("console browser test: ok"), out);
    }
    for (String page :
        List.of(
            "signin",
            "organizations",
            "connection",
            "users",
            "groups",
            "activity",
            "webhooks",
            "guides")) {
      assertTrue(Files.size(shots.resolve(page + ".png")) > 1000, page + " screenshot");
    }
  }

  /**
   * {@code work} with playwright-core installed (when missing) and the browser test {@code script}
   * of src/test/console copied in; returns Chromium's path.
   */
  static String prepare(Path work, String script) throws Exception {
    Files.createDirectories(work);
    String chromium = chromium();
    if (!Files.exists(work.resolve("node_modules/playwright-core/package.json"))) {
      run(
          work,
          300,
          "npm",
          "install",
          "--no-audit",
          "--no-fund",
          "--prefix",
          work.toString(),
          PLAYWRIGHT);
    }
    Files.copy(
        Path.of("src/test/console", script),
        work.resolve(script),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return chromium;
  }

  /** Debian's Chromium, installed with apt-get when missing (CI runs as root). */
  static String chromium() throws Exception {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
    if (run(Path.of("."), 600, env, "apt-get", "install", "-y", "chromium") != 0) {
      run(Path.of("."), 600, env, "apt-get", "update");
      run(Path.of("."), 600, env, "apt-get", "install", "-y", "chromium");
    }
    assertTrue(
        new File("/usr/bin/chromium").canExecute(),
        "Chromium is needed: apt-get install -y chromium (as root)");
    return "/usr/bin/chromium";
  }

  static int run(Path dir, int seconds, String... command) throws Exception {
    return run(dir, seconds, Map.of(), command);
  }

  static int run(Path dir, int seconds, Map<String, String> env, String... command)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " timed out:\n" + out);
    }
    if (p.exitValue() != 0) {
      System.out.println(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
    }
    return p.exitValue();
  }
}
