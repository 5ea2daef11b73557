package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --webhook URL [--webhook-secret whsec_...]}. */
class LocalOptionsWebhookTest {
  @Test
  void webhookAndSecret() {
    assertEquals(Optional.empty(), LocalOptions.parse(List.of()).webhook());
    LocalOptions o =
        LocalOptions.parse(
            List.of(
                "--webhook",
                "http://127.0.0.1:9000/hook",
                "--webhook-secret",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    assertEquals(Optional.of("http://127.0.0.1:9000/hook"), o.webhook());
    assertEquals(Optional.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), o.webhookSecret());
    assertThrows(
        IllegalArgumentException.class, () -> LocalOptions.parse(List.of("--webhook", "nope")));
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalOptions.parse(List.of("--webhook", "http://x/h", "--webhook-secret", "plain")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            LocalOptions.parse(
                List.of("--webhook-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
  }
}
