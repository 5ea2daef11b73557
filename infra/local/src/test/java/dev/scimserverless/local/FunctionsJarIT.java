package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.auth.Tokens;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TokenRecord;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deployable {@code scim-functions.jar} (shaded, shrunk: no joda-time, only the API Gateway
 * event classes) serves every function on its own, as Lambda runs it: a fresh JVM whose class path
 * is the jar and a small driver compiled here against the jar alone (nothing of the test class
 * path), with {@code TABLE_NAME}, {@code DYNAMODB_ENDPOINT} and {@code AWS_REGION} in its
 * environment, on Dynoxide. The driver builds each handler with the no-argument constructor Lambda
 * calls and sends it API Gateway events: the authorizer (a real token, an unknown one), Users,
 * Groups, discovery, and the SnapStart priming of each function, which must leave nothing in the
 * table.
 */
class FunctionsJarIT {

  /** The driver: a default-package class compiled against the jar only. */
  private static final String DRIVER =
      """
      import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
      import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
      import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
      import com.fasterxml.jackson.databind.JsonNode;
      import com.fasterxml.jackson.databind.ObjectMapper;
      import dev.scimserverless.handlers.ConsoleHandler;
      import dev.scimserverless.handlers.DiscoveryHandler;
      import dev.scimserverless.handlers.GroupsHandler;
      import dev.scimserverless.handlers.ScimFunction;
      import dev.scimserverless.handlers.SnapStartPriming;
      import dev.scimserverless.handlers.TokenAuthorizerHandler;
      import dev.scimserverless.handlers.UsersHandler;
      import java.util.HashMap;
      import java.util.Map;

      public final class FunctionsJarDriver {
        static final ObjectMapper JSON = new ObjectMapper();
        static Map<String, Object> authorizer;

        public static void main(String[] args) throws Exception {
          String token = System.getenv("SCIM_TOKEN");
          TokenAuthorizerHandler auth = new TokenAuthorizerHandler();
          Map<String, Object> policy = auth.handleRequest(authorizerEvent("Bearer " + token), null);
          @SuppressWarnings("unchecked")
          Map<String, Object> context = (Map<String, Object>) policy.get("context");
          check("jar-org".equals(context.get("tenant")), "authorizer tenant " + policy);
          authorizer = context;
          try {
            auth.handleRequest(authorizerEvent("Bearer scim_unknown_token_value"), null);
            check(false, "an unknown token was accepted");
          } catch (TokenAuthorizerHandler.UnauthorizedException expected) {
            step("authorizer");
          }

          UsersHandler users = new UsersHandler();
          JsonNode user = call(users, 201, "POST", "/Users", "/Users",
              "{\\"schemas\\":[\\"urn:ietf:params:scim:schemas:core:2.0:User\\"],"
                  + "\\"userName\\":\\"ada@jar.example\\",\\"name\\":{\\"givenName\\":\\"Ada\\"},"
                  + "\\"active\\":true}", null);
          String userId = user.get("id").asText();
          call(users, 200, "GET", "/Users/{id}", "/Users/" + userId, null, null);
          JsonNode found = call(users, 200, "GET", "/Users", "/Users", null,
              Map.of("filter", "userName eq \\"ada@jar.example\\""));
          check(found.get("totalResults").asInt() == 1, "filter " + found);
          step("users");

          GroupsHandler groups = new GroupsHandler();
          JsonNode group = call(groups, 201, "POST", "/Groups", "/Groups",
              "{\\"schemas\\":[\\"urn:ietf:params:scim:schemas:core:2.0:Group\\"],"
                  + "\\"displayName\\":\\"Jar Team\\",\\"members\\":[{\\"value\\":\\""
                  + userId + "\\"}]}", null);
          String groupId = group.get("id").asText();
          JsonNode read = call(groups, 200, "GET", "/Groups/{id}", "/Groups/" + groupId, null, null);
          check(read.get("members").get(0).get("value").asText().equals(userId), "members " + read);
          JsonNode member = call(users, 200, "GET", "/Users/{id}", "/Users/" + userId, null, null);
          check(member.get("groups").get(0).get("value").asText().equals(groupId),
              "groups of the user " + member);
          call(groups, 204, "DELETE", "/Groups/{id}", "/Groups/" + groupId, null, null);
          call(users, 204, "DELETE", "/Users/{id}", "/Users/" + userId, null, null);
          call(users, 404, "GET", "/Users/{id}", "/Users/" + userId, null, null);
          step("groups");

          DiscoveryHandler discovery = new DiscoveryHandler();
          call(discovery, 200, "GET", "/ServiceProviderConfig", "/ServiceProviderConfig", null, null);
          JsonNode types = call(discovery, 200, "GET", "/ResourceTypes", "/ResourceTypes", null, null);
          check(types.get("totalResults").asInt() == 2, "resource types " + types);
          call(discovery, 200, "GET", "/Schemas", "/Schemas", null, null);
          step("discovery");

          ConsoleHandler console = new ConsoleHandler();
          APIGatewayProxyResponseEvent page = console(console, "/console/");
          check(page.getStatusCode() == 200 && page.getBody().contains("/console/app.js"),
              "console page " + page.getStatusCode());
          APIGatewayProxyResponseEvent login = console(console, "/console/login");
          check(login.getStatusCode() == 302
              && login.getHeaders().get("Location").startsWith(
                  System.getenv("CONSOLE_OIDC_DOMAIN") + "/oauth2/authorize?")
              && login.getMultiValueHeaders().get("Set-Cookie").get(0).contains("HttpOnly"),
              "console login " + login.getHeaders());
          check(console(console, "/console/api/tenants").getStatusCode() == 401, "console api");
          step("console");

          prime(SnapStartPriming.users(users));
          prime(SnapStartPriming.groups(groups));
          prime(SnapStartPriming.discovery(discovery));
          prime(SnapStartPriming.authorizer(auth));
          check(Class.forName("org.crac.Core") != null, "org.crac in the jar");
          step("priming");
          System.out.println("DRIVER done");
        }

        static void prime(SnapStartPriming priming) {
          int answered = priming.prime();
          check(answered == priming.size(), "priming answered " + answered + " of " + priming.size());
        }

        static JsonNode call(ScimFunction f, int status, String method, String route, String path,
            String body, Map<String, String> query) throws Exception {
          APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
          e.setHttpMethod(method);
          e.setResource("/scim/v2" + route);
          e.setPath("/scim/v2" + path);
          Map<String, String> headers = new HashMap<>();
          headers.put("Host", "jar.example");
          headers.put("Authorization", "Bearer never-read");
          if (body != null) {
            headers.put("Content-Type", "application/scim+json");
          }
          e.setHeaders(headers);
          e.setBody(body);
          e.setQueryStringParameters(query == null ? null : new HashMap<>(query));
          APIGatewayProxyRequestEvent.ProxyRequestContext rc =
              new APIGatewayProxyRequestEvent.ProxyRequestContext();
          rc.setRequestId("jar-" + System.nanoTime());
          rc.setPath("/prod/scim/v2" + path);
          rc.setAuthorizer(new HashMap<>(authorizer));
          e.setRequestContext(rc);
          APIGatewayProxyResponseEvent r = f.handleRequest(e, null);
          check(r.getStatusCode() == status,
              method + " " + path + ": " + r.getStatusCode() + " " + r.getBody());
          return r.getBody() == null || r.getBody().isEmpty() ? null : JSON.readTree(r.getBody());
        }

        static APIGatewayProxyResponseEvent console(ConsoleHandler h, String path) {
          APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
          e.setHttpMethod("GET");
          e.setPath(path);
          e.setHeaders(Map.of("host", "console.jar.example"));
          APIGatewayProxyRequestEvent.ProxyRequestContext rc =
              new APIGatewayProxyRequestEvent.ProxyRequestContext();
          rc.setRequestId("jar-" + System.nanoTime());
          rc.setPath(path);
          e.setRequestContext(rc);
          return h.handleRequest(e, null);
        }

        static APIGatewayCustomAuthorizerEvent authorizerEvent(String authorization) {
          APIGatewayCustomAuthorizerEvent e = new APIGatewayCustomAuthorizerEvent();
          e.setType("TOKEN");
          e.setAuthorizationToken(authorization);
          e.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:api/prod/GET/scim/v2/Users");
          return e;
        }

        static void step(String name) {
          System.out.println("DRIVER ok " + name);
        }

        static void check(boolean ok, String what) {
          if (!ok) {
            throw new IllegalStateException("failed: " + what);
          }
        }
      }
      """;

  @Test
  void theShadedJarServesEveryFunctionInAFreshJvm() throws Exception {
    Path jar = functionsJar();
    assertTrue(Files.exists(jar), "build functions/handlers first (mvn package): " + jar);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertEquals(
          List.of(),
          zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("org/joda/")).toList(),
          "joda-time is not shaded");
      assertNotNull(zip.getEntry("org/crac/Core.class"), "org.crac is shaded");
      assertNotNull(
          zip.getEntry("software/amazon/awssdk/http/apache5/Apache5HttpClient.class"),
          "apache5-client is shaded");
    }

    Dynoxide dynoxide = Dynoxide.shared();
    String table = dynoxide.freshTable();
    DynamoDbStore store = new DynamoDbStore(dynoxide.client(), table);
    store.createTenant(new Tenant("jar-org", "Jar Org", false, Instant.now()));
    String token = Tokens.newToken();
    store.putToken(
        new TokenRecord(
            Tokens.newTokenId(),
            "jar-org",
            Tokens.hash(token),
            Instant.now(),
            Optional.empty(),
            false));

    Path driver = compileDriver(jar);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
    command.add("-cp");
    command.add(jar + File.pathSeparator + driver);
    command.add("FunctionsJarDriver");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder
        .environment()
        .putAll(
            Map.of(
                "TABLE_NAME",
                table,
                "DYNAMODB_ENDPOINT",
                dynoxide.endpoint().toString(),
                "AWS_REGION",
                "us-east-1",
                "SCIM_TOKEN",
                token,
                "CONSOLE_OIDC_ISSUER",
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_jar",
                "CONSOLE_OIDC_DOMAIN",
                "https://jar-console.auth.us-east-1.amazoncognito.com",
                "CONSOLE_OIDC_CLIENT_ID",
                "jarclient"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the driver did not finish:\n" + out);
    assertEquals(0, process.exitValue(), out);
    for (String step :
        List.of("authorizer", "users", "groups", "discovery", "console", "priming")) {
      assertTrue(out.contains("DRIVER ok " + step), step + " in:\n" + out);
    }
    assertTrue(out.contains("DRIVER done"), out);

    List<Map<String, AttributeValue>> primed =
        dynoxide.client().scanPaginator(b -> b.tableName(table)).items().stream()
            .filter(item -> item.toString().contains("__priming__"))
            .toList();
    assertEquals(List.of(), primed, "priming wrote nothing");
  }

  /**
   * {@code functions/handlers/<build dir>/scim-functions.jar}, the build directory named as this
   * module's (mvn -DbuildDirName), unless {@code -Dfunctions.jar} says otherwise.
   */
  private static Path functionsJar() throws URISyntaxException {
    String configured = System.getProperty("functions.jar");
    if (configured != null) {
      return Path.of(configured);
    }
    Path testClasses =
        Path.of(FunctionsJarIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String buildDir = testClasses.getParent().getFileName().toString();
    Path root = Path.of(System.getProperty("repo.root", "../.."));
    return root.resolve("functions/handlers").resolve(buildDir).resolve("scim-functions.jar");
  }

  /** Compiles the driver against the jar alone; returns the directory of its class. */
  private static Path compileDriver(Path jar) throws IOException {
    Path dir = Files.createTempDirectory("functions-jar-driver");
    Path source = dir.resolve("FunctionsJarDriver.java");
    Files.writeString(source, DRIVER);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK is needed to compile the driver");
    int status =
        javac.run(
            null,
            null,
            null,
            "--release",
            "17",
            "-proc:none",
            "-cp",
            jar.toString(),
            "-d",
            dir.toString(),
            source.toString());
    assertEquals(0, status, "the driver compiles against the jar");
    return dir;
  }
}
