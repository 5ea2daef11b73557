package dev.scimserverless.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.store.dynamodb.Dynoxide;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shaded jar runs on its own: {@code java -jar scim-admin.jar ...}. */
class AdminJarIT {

  record Run(int status, String out) {}

  static Run java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("admin.jar", "target/scim-admin.jar"));
    assertTrue(Files.exists(jar), "build the jar first (mvn package): " + jar);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "scim-admin did not finish");
    return new Run(p.exitValue(), out);
  }

  @Test
  void helpAndARealCommand() throws Exception {
    Run help = java("--help");
    assertEquals(0, help.status(), help.out());
    assertTrue(help.out().contains("token create --tenant ID"), help.out());

    Dynoxide dynoxide = Dynoxide.shared();
    String table = dynoxide.freshTable();
    String endpoint = dynoxide.endpoint().toString();
    Run created =
        java("--table", table, "--dynamodb-endpoint", endpoint, "tenant", "create", "jar-org");
    assertEquals(0, created.status(), created.out());
    Run token =
        java(
            "--table",
            table,
            "--dynamodb-endpoint",
            endpoint,
            "token",
            "create",
            "--tenant",
            "jar-org");
    assertEquals(0, token.status(), token.out());
    assertTrue(token.out().contains("token:   scim_"), token.out());
    Run listed = java("--table", table, "--dynamodb-endpoint", endpoint, "tenant", "list");
    assertTrue(listed.out().contains("jar-org\tenabled"), listed.out());

    Run usage = java("--table", table, "tenant");
    assertEquals(2, usage.status(), usage.out());
  }
}
