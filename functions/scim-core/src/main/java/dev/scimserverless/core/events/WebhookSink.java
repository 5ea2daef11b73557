package dev.scimserverless.core.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Delivers events to webhook endpoints as the Standard Webhooks specification says: a POST of the
 * event's JSON with {@code webhook-id} (the event id, the same on every attempt), {@code
 * webhook-timestamp} and {@code webhook-signature}. A 2xx is delivered; 5xx, 429, a timeout or no
 * connection is retried by the {@link RetryPolicy}, then parked in {@link DeadLetters} with its
 * last status; another status is parked at once.
 */
public final class WebhookSink implements EventSink {

  /**
   * Where a tenant's events go.
   *
   * @param url the endpoint
   * @param secret its {@code whsec_} secret
   */
  public record Endpoint(URI url, String secret) {
    public Endpoint {
      StandardWebhooks.checkSecret(secret);
    }
  }

  private final Function<String, Optional<Endpoint>> endpoints;
  private final RetryPolicy retry;
  private final DeadLetters deadLetters;
  private final HttpClient http;
  private final Clock clock;

  /**
   * @param endpoints the endpoint of a tenant, empty when it has none (its events are dropped)
   * @param retry the retry rules
   * @param deadLetters where given-up deliveries go
   */
  public WebhookSink(
      Function<String, Optional<Endpoint>> endpoints, RetryPolicy retry, DeadLetters deadLetters) {
    this(endpoints, retry, deadLetters, Clock.systemUTC());
  }

  WebhookSink(
      Function<String, Optional<Endpoint>> endpoints,
      RetryPolicy retry,
      DeadLetters deadLetters,
      Clock clock) {
    this.endpoints = endpoints;
    this.retry = retry;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(retry.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public DeadLetters deadLetters() {
    return deadLetters;
  }

  @Override
  public void deliver(String tenant, ProvisioningEvent event) throws InterruptedException {
    Optional<Endpoint> endpoint = endpoints.apply(tenant);
    if (endpoint.isEmpty()) {
      return;
    }
    String body = event.toJsonText();
    Instant started = clock.instant();
    for (int attempt = 1; ; attempt++) {
      Optional<Integer> status = Optional.empty();
      String error;
      try {
        int code = post(endpoint.get(), event.id(), body);
        if (code >= 200 && code < 300) {
          return;
        }
        status = Optional.of(code);
        error = "HTTP " + code;
        if (!RetryPolicy.retryable(code)) {
          park(tenant, event, attempt, status, error);
          return;
        }
      } catch (IOException e) {
        error =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      Duration wait = retry.delay(attempt);
      if (Duration.between(started, clock.instant()).plus(wait).compareTo(retry.giveUpAfter())
          > 0) {
        park(tenant, event, attempt, status, error);
        return;
      }
      Thread.sleep(wait.toMillis());
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

  private void park(
      String tenant,
      ProvisioningEvent event,
      int attempts,
      Optional<Integer> status,
      String error) {
    deadLetters.park(
        new DeadLetters.Letter(tenant, event, attempts, status, error, clock.instant()));
  }
}
