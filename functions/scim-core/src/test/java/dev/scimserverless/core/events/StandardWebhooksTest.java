package dev.scimserverless.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Standard Webhooks signatures, against the specification's own example. */
class StandardWebhooksTest {
  // the example of the standard-webhooks reference libraries' tests
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long TIMESTAMP = 1614265330;
  static final String BODY = "{\"test\": 2432232314}";
  static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void signsAsTheSpecificationsExample() {
    assertEquals(SIGNATURE, StandardWebhooks.sign(SECRET, ID, TIMESTAMP, BODY));
    assertTrue(StandardWebhooks.verify(SECRET, ID, TIMESTAMP, BODY, "v1,bad " + SIGNATURE));
    assertFalse(StandardWebhooks.verify(SECRET, ID, TIMESTAMP + 1, BODY, SIGNATURE));
    assertFalse(StandardWebhooks.verify(SECRET, ID, TIMESTAMP, BODY + " ", SIGNATURE));
  }

  @Test
  void newSecretsHaveTheSpecifiedForm() {
    String secret = StandardWebhooks.newSecret();
    assertTrue(secret.startsWith("whsec_"));
    assertEquals(32, StandardWebhooks.key(secret).length);
    assertEquals(secret, StandardWebhooks.checkSecret(secret));
    assertThrows(IllegalArgumentException.class, () -> StandardWebhooks.checkSecret("plain"));
    assertThrows(IllegalArgumentException.class, () -> StandardWebhooks.checkSecret("whsec_!!"));
  }
}
