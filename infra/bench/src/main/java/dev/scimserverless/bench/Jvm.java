package dev.scimserverless.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Launches benchmark mains in fresh JVMs and reads back their {@code BENCH k=v ...} line. */
final class Jvm {
  private static final long TIMEOUT_SECONDS = 180;

  private Jvm() {}

  /**
   * A JVM to launch: options, class path entries, extra environment, and the Java home whose {@code
   * bin/java} runs it ({@code null}: this JVM's own).
   */
  record Launch(
      List<String> options, List<String> classPath, Map<String, String> env, Path javaHome) {
    Launch {
      options = List.copyOf(options);
      classPath = List.copyOf(classPath);
      env = Map.copyOf(env);
    }

    Launch(List<String> options, List<String> classPath, Map<String, String> env) {
      this(options, classPath, env, null);
    }

    Launch withOptions(List<String> more) {
      List<String> all = new ArrayList<>(options);
      all.addAll(more);
      return new Launch(all, classPath, env, javaHome);
    }

    Launch withClassPath(List<String> more) {
      List<String> all = new ArrayList<>(classPath);
      all.addAll(more);
      return new Launch(options, all, env, javaHome);
    }

    Launch withJavaHome(Path home) {
      return new Launch(options, classPath, env, home);
    }

    String java() {
      Path home = javaHome != null ? javaHome : Path.of(System.getProperty("java.home"));
      return home.resolve("bin").resolve("java").toString();
    }
  }

  /**
   * Runs {@code main} and returns the key/value pairs of the line it printed starting with {@code
   * BENCH }. The child gets {@code -Dbench.t0=<epoch µs>} taken just before the process is started.
   * Fails with the child's output if it exits non-zero or prints no such line.
   */
  static Map<String, String> run(Launch launch, String main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(launch.java());
    command.addAll(launch.options());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, launch.classPath()));
    int t0Index = command.size();
    command.add("-Dbench.t0=");
    command.add(main);
    command.addAll(List.of(args));
    Path output = null;
    try {
      output = Files.createTempFile("bench-", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(launch.env());
      command.set(t0Index, "-Dbench.t0=" + ColdStartMain.micros());
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      String text = Files.readString(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "exit " + process.exitValue() + " of " + command + "\n" + tail(text));
      }
      for (String line : text.split("\n")) {
        if (line.startsWith("BENCH ")) {
          Map<String, String> values = new HashMap<>();
          for (String pair : line.substring(6).trim().split(" ")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
          }
          return values;
        }
      }
      throw new IllegalStateException("no BENCH line from " + command + "\n" + tail(text));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  /** Extracts a jar into a directory, as Lambda extracts a deployment package into /var/task. */
  static Path explode(Path jar, Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return dir;
      }
      Path tmp = Files.createTempDirectory(dir.getParent(), "explode-");
      try (InputStream in = Files.newInputStream(jar);
          ZipInputStream zip = new ZipInputStream(in)) {
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
          Path target = tmp.resolve(e.getName()).normalize();
          if (!target.startsWith(tmp)) {
            throw new IOException("entry outside the directory: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(zip, target);
          }
        }
      }
      Files.move(tmp, dir);
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("cannot extract " + jar, e);
    }
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
  }
}
