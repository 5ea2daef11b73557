package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.local.conformance.OktaSpec;
import dev.scimserverless.local.conformance.Replay;
import dev.scimserverless.local.conformance.ReplayReport;
import dev.scimserverless.local.conformance.RunscopeSuite;
import dev.scimserverless.local.conformance.Transport;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Okta's "SCIM 2.0 SPEC test" (the Runscope suite Okta asks integrators to pass), replayed step by
 * step against the local endpoint on each store adapter. The export comes from the shared
 * conformance folder beside the checkout; without it the test fails, it never skips.
 */
class OktaSpecConformanceIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void passesOnTheInMemoryStore() {
    replay(EndpointFixture::inMemory);
  }

  @Test
  void passesOnDynamoDb() {
    replay(EndpointFixture::dynamoDb);
  }

  private static void replay(Supplier<EndpointFixture> start) {
    Path file = OktaSpec.suiteFile();
    assertTrue(
        Files.isRegularFile(file),
        () ->
            "Okta conformance suite not found at "
                + file
                + ": it must be in ../shared/conformance beside the checkout (CI always has it;"
                + " the checkout is the repo.root system property)");
    RunscopeSuite suite = RunscopeSuite.read(file);
    try (EndpointFixture fixture = start.get()) {
      seedUser(fixture);
      Map<String, String> variables = new HashMap<>(OktaSpec.initialVariables(new SecureRandom()));
      variables.put("SCIMBaseURL", fixture.endpoint.baseUrl());
      variables.put("auth", "Bearer " + EndpointFixture.TOKEN_A);
      ReplayReport report =
          new Replay(Transport.http(HTTP), OktaSpec.scripts()).run(suite, variables);
      System.out.println(report.summary());
      assertEquals(12, report.steps().size(), report::describe);
      assertTrue(report.passed(), report::describe);
    }
  }

  /** Step 1 lists one user and expects it to have a name, an email and active. */
  private static void seedUser(EndpointFixture fixture) {
    String userName = "okta-seed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    ScimClient.Response created =
        fixture
            .orgA()
            .post(
                "/Users",
                """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
                 "userName":"%s",
                 "name":{"givenName":"Seed","familyName":"User"},
                 "emails":[{"value":"%s","type":"work","primary":true}],
                 "active":true}
                """
                    .formatted(userName, userName));
    assertEquals(201, created.status(), created.text());
  }
}
