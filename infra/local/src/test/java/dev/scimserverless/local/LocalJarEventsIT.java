package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.events.ProvisioningEvent;
import dev.scimserverless.core.events.ProvisioningEvents;
import dev.scimserverless.core.events.StandardWebhooks;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar scim-local.jar --dynamodb-endpoint … --webhook …} killed with SIGKILL in the
 * middle of delivering a 40-member PATCH, then started again on the same table: every event
 * arrives, a redelivery with the same id and body, each verified by the npm standardwebhooks
 * package.
 */
class LocalJarEventsIT {
  static final String TOKEN = "scim_jar_events_token_0123456789ab";

  record Running(Process process, String baseUrl) {}

  static Running start(String table, WebhookReceiver receiver, String secret) throws Exception {
    Path jar = Path.of("target", "scim-local.jar");
    assertTrue(Files.exists(jar), "package infra/local first: " + jar.toAbsolutePath());
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--port",
                "0",
                "--tenant",
                "acme=" + TOKEN,
                "--dynamodb-endpoint",
                Dynoxide.shared().endpoint().toString(),
                "--table",
                table,
                "--webhook",
                receiver.url().toString(),
                "--webhook-secret",
                secret)
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("SCIM base URL: ")) {
        String url = line.substring("SCIM base URL: ".length()).trim();
        Thread drain =
            new Thread(
                () -> {
                  try {
                    out.transferTo(java.io.Writer.nullWriter());
                  } catch (java.io.IOException ignored) {
                    // the process ended
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return new Running(p, url);
      }
    }
    throw new AssertionError("scim-local.jar did not start");
  }

  @Test
  void killedInTheMiddleOfABatchAndStartedAgainDeliversEveryEvent() throws Exception {
    String table = Dynoxide.shared().freshTable();
    String secret = StandardWebhooks.newSecret();
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Running first = start(table, receiver, secret);
      ScimClient c = ScimClient.bearer(first.baseUrl(), TOKEN);
      List<String> users = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ScimClient.Response r =
            c.post(
                "/Users",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"k"
                    + i
                    + "@example.com\"}");
        assertEquals(201, r.status(), r.text());
        users.add(r.json().path("id").asText());
      }
      receiver.awaitAccepted(d -> d.size() >= 40);
      receiver.delayMillis = 25;
      ScimClient.Response g =
          c.post(
              "/Groups",
              "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Big\"}");
      assertEquals(201, g.status(), g.text());
      String members =
          users.stream().map(u -> "{\"value\":\"" + u + "\"}").collect(Collectors.joining(","));
      ScimClient.Response added =
          c.patch(
              "/Groups/" + g.json().path("id").asText(),
              "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                  + "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":["
                  + members
                  + "]}]}");
      assertEquals(204, added.status(), added.text());

      DynamoDbStore store = new DynamoDbStore(Dynoxide.shared().client(), table);
      Set<String> expected =
          store.changesAfter("acme", Optional.empty(), 10_000).stream()
              .flatMap(e -> ProvisioningEvents.of(e.change()).stream())
              .map(ProvisioningEvent::id)
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(40 + 1 + 40, expected.size());

      receiver.awaitAccepted(d -> d.size() >= 50);
      first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no cursor saved on the way
      assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
      int before = receiver.accepted().size();
      assertTrue(before < expected.size(), "killed before the end: " + before);

      receiver.delayMillis = 0;
      Running second = start(table, receiver, secret);
      try {
        List<WebhookReceiver.Delivery> got =
            receiver.awaitAccepted(
                d ->
                    d.stream()
                        .map(WebhookReceiver.Delivery::id)
                        .collect(Collectors.toSet())
                        .containsAll(expected));
        assertEquals(
            expected,
            got.stream()
                .map(WebhookReceiver.Delivery::id)
                .collect(Collectors.toCollection(TreeSet::new)));
        Map<String, String> bodies = new HashMap<>();
        for (WebhookReceiver.Delivery d : receiver.all()) {
          String firstBody = bodies.putIfAbsent(d.id(), d.body());
          assertTrue(firstBody == null || firstBody.equals(d.body()), "same event redelivered");
        }
        assertEquals(
            "verified " + receiver.all().size(),
            NodeWebhookVerifier.verify(secret, receiver.all()));
      } finally {
        second.process().destroy();
        second.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
