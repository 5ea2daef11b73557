package dev.scimserverless.core.events;

import dev.scimserverless.core.store.WebhookDeliveries;
import dev.scimserverless.core.store.WebhookDeliveries.Outcome;
import dev.scimserverless.core.store.WebhookSubscription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Delivers events to webhook endpoints as the Standard Webhooks specification says: a POST of the
 * event's JSON with {@code webhook-id} (the event id, the same on every attempt), {@code
 * webhook-timestamp} and {@code webhook-signature}. A 2xx is delivered; 5xx, 429, 408, a timeout or
 * no connection is retried by the {@link RetryPolicy}, then parked as a dead letter in {@link
 * WebhookDeliveries} with its last status; another status is parked at once. Every attempt is
 * recorded there too. One sink serves any number of endpoints ({@link #to}).
 */
public final class WebhookSink {
  /** The subscription id of the local endpoint's {@code --webhook} URL. */
  public static final String LOCAL_WEBHOOK = "webhook";

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Where events go.
   *
   * @param subscription the subscription id ({@link #LOCAL_WEBHOOK} for {@code --webhook})
   * @param url the endpoint
   * @param secret its {@code whsec_} secret
   * @param types the event types it takes; empty for all
   * @param since events of changes before this time are not delivered to it
   */
  public record Endpoint(
      String subscription, URI url, String secret, List<String> types, Instant since) {
    public Endpoint {
      StandardWebhooks.checkSecret(secret);
      types = List.copyOf(types);
    }

    /** Every event, whatever its time ({@code --webhook}). */
    public Endpoint(URI url, String secret) {
      this(LOCAL_WEBHOOK, url, secret, List.of(), Instant.EPOCH);
    }

    /** A tenant's subscription. */
    public static Endpoint of(WebhookSubscription s) {
      return new Endpoint(s.id(), URI.create(s.url()), s.secret(), s.types(), s.created());
    }

    /** Whether this endpoint takes the event: its type, and not older than the endpoint. */
    public boolean wants(ProvisioningEvent event) {
      return (types.isEmpty() || types.contains(event.type()))
          && !event.occurredAt().isBefore(since);
    }
  }

  /**
   * What one attempt got.
   *
   * @param status the HTTP status, empty when none came
   * @param error empty when delivered
   */
  public record Result(Optional<Integer> status, String error) {
    public boolean delivered() {
      return status.isPresent() && status.get() >= 200 && status.get() < 300;
    }

    boolean retryable() {
      return status.isEmpty() || RetryPolicy.retryable(status.get());
    }
  }

  private final RetryPolicy retry;
  private final WebhookDeliveries deliveries;
  private final HttpClient http;
  private final Clock clock;

  /**
   * @param retry the retry rules
   * @param deliveries where attempts are recorded and given-up deliveries parked
   */
  public WebhookSink(RetryPolicy retry, WebhookDeliveries deliveries) {
    this(retry, deliveries, Clock.systemUTC());
  }

  WebhookSink(RetryPolicy retry, WebhookDeliveries deliveries, Clock clock) {
    this.retry = retry;
    this.deliveries = deliveries;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(retry.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public WebhookDeliveries deliveries() {
    return deliveries;
  }

  /** The sink of one endpoint, for a relay. */
  public EventSink to(Endpoint endpoint) {
    return (tenant, event) -> deliver(endpoint, tenant, event);
  }

  /**
   * Delivers one event, retrying as the policy says, parking it when given up. Blocks meanwhile. An
   * event the endpoint does not take (type filter, older than the subscription) is skipped.
   */
  public void deliver(Endpoint endpoint, String tenant, ProvisioningEvent event)
      throws InterruptedException {
    if (!endpoint.wants(event)) {
      return;
    }
    String body = event.toJsonText();
    Instant started = clock.instant();
    for (int attempt = 1; ; attempt++) {
      if (attempt(endpoint, tenant, event.id(), event.type(), body, attempt, started)
          != Outcome.RETRYING) {
        return;
      }
      Thread.sleep(retry.delay(attempt).toMillis());
    }
  }

  /**
   * One attempt of a delivery, recorded: {@link Outcome#DELIVERED}; {@link Outcome#RETRYING} (try
   * again after {@link RetryPolicy#delay}{@code (attempt)}); or {@link Outcome#PARKED}, given up —
   * a status not worth retrying, or the next attempt would come later than {@link
   * RetryPolicy#giveUpAfter} after {@code firstAttempt} — and parked as a dead letter. The local
   * relay loops on it; the AWS delivery function makes one per queue message.
   */
  public Outcome attempt(
      Endpoint endpoint,
      String tenant,
      String eventId,
      String type,
      String body,
      int attempt,
      Instant firstAttempt) {
    Result result = attempt(endpoint, eventId, body);
    if (result.delivered()) {
      record(endpoint, tenant, eventId, type, attempt, result, Outcome.DELIVERED);
      return Outcome.DELIVERED;
    }
    Duration wait = retry.delay(attempt);
    boolean giveUp =
        !result.retryable()
            || Duration.between(firstAttempt, clock.instant())
                    .plus(wait)
                    .compareTo(retry.giveUpAfter())
                > 0;
    if (!giveUp) {
      record(endpoint, tenant, eventId, type, attempt, result, Outcome.RETRYING);
      return Outcome.RETRYING;
    }
    record(endpoint, tenant, eventId, type, attempt, result, Outcome.PARKED);
    deliveries.park(
        new WebhookDeliveries.DeadLetter(
            tenant,
            newDeadLetterId(),
            endpoint.subscription(),
            eventId,
            type,
            body,
            attempt,
            result.status(),
            result.error(),
            clock.instant()));
    return Outcome.PARKED;
  }

  public RetryPolicy retryPolicy() {
    return retry;
  }

  /**
   * Sends a dead letter once more, to its subscription's endpoint, with the same {@code webhook-id}
   * and body (a new timestamp and signature): delivered, it is removed; otherwise it stays parked
   * with one more attempt and the new status.
   */
  public Result replay(WebhookDeliveries.DeadLetter letter, Endpoint endpoint) {
    Result result = attempt(endpoint, letter.eventId(), letter.body());
    int attempt = letter.attempts() + 1;
    if (result.delivered()) {
      record(
          endpoint,
          letter.tenant(),
          letter.eventId(),
          letter.type(),
          attempt,
          result,
          Outcome.DELIVERED);
      deliveries.removeDeadLetter(letter.tenant(), letter.id());
    } else {
      record(
          endpoint,
          letter.tenant(),
          letter.eventId(),
          letter.type(),
          attempt,
          result,
          Outcome.PARKED);
      deliveries.park(
          new WebhookDeliveries.DeadLetter(
              letter.tenant(),
              letter.id(),
              letter.subscription(),
              letter.eventId(),
              letter.type(),
              letter.body(),
              attempt,
              result.status(),
              result.error(),
              clock.instant()));
    }
    return result;
  }

  private Result attempt(Endpoint endpoint, String id, String body) {
    try {
      int code = post(endpoint, id, body);
      return new Result(Optional.of(code), code >= 200 && code < 300 ? "" : "HTTP " + code);
    } catch (IOException e) {
      return new Result(
          Optional.empty(),
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Optional.empty(), "interrupted");
    }
  }

  private int post(Endpoint endpoint, String id, String body)
      throws IOException, InterruptedException {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.url())
            .timeout(retry.timeout())
            .header("Content-Type", "application/json")
            .header(StandardWebhooks.ID, id)
            .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
            .header(
                StandardWebhooks.SIGNATURE,
                StandardWebhooks.sign(endpoint.secret(), id, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private void record(
      Endpoint endpoint,
      String tenant,
      String eventId,
      String type,
      int attempt,
      Result result,
      Outcome outcome) {
    try {
      deliveries.record(
          new WebhookDeliveries.Attempt(
              tenant,
              endpoint.subscription(),
              eventId,
              type,
              attempt,
              result.status(),
              result.error(),
              outcome,
              clock.instant()));
    } catch (RuntimeException e) {
      // the log of attempts is best effort: a store hiccup must not stop a delivery
    }
  }

  /** {@code dl_} and 16 random hex digits. */
  static String newDeadLetterId() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return "dl_" + HexFormat.of().formatHex(b);
  }
}
