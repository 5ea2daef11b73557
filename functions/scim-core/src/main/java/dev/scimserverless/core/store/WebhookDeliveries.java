package dev.scimserverless.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store port for what webhook deliveries did: every attempt, kept for a while ({@value
 * #ATTEMPTS_KEPT_DAYS} days, at most {@value #RECENT_KEPT} per tenant shown), and the dead letters:
 * deliveries given up after their retries (or refused by the consumer), kept until an operator
 * replays them.
 */
public interface WebhookDeliveries {
  /** How long attempts are kept. */
  int ATTEMPTS_KEPT_DAYS = 7;

  /** The most attempts a listing returns. */
  int RECENT_KEPT = 200;

  /** The outcomes of an attempt. */
  enum Outcome {
    /** 2xx: delivered. */
    DELIVERED,
    /** Failed, to be tried again. */
    RETRYING,
    /** Failed and given up: parked as a dead letter. */
    PARKED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One delivery attempt.
   *
   * @param tenant the organization
   * @param subscription the subscription id ({@code wh_…}, or {@code webhook} for the local {@code
   *     --webhook} URL)
   * @param eventId the event's id (its {@code webhook-id})
   * @param type the event's type
   * @param attempt which attempt, from 1
   * @param status the HTTP status, empty when none came (timeout, refused connection)
   * @param error what failed, empty when delivered
   * @param outcome delivered, retrying or parked
   * @param time when it was made
   */
  record Attempt(
      String tenant,
      String subscription,
      String eventId,
      String type,
      int attempt,
      Optional<Integer> status,
      String error,
      Outcome outcome,
      Instant time) {
    public Attempt {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(time, "time");
    }
  }

  /**
   * A delivery given up: what is needed to send it again, with the same {@code webhook-id} and the
   * same body.
   *
   * @param tenant the organization
   * @param id {@code dl_…}
   * @param subscription where it was going
   * @param eventId the event's id
   * @param type the event's type
   * @param body the event's JSON, exactly as it was signed
   * @param attempts how many deliveries were tried (replays included)
   * @param lastStatus the last HTTP status, empty when the last attempt got none
   * @param lastError what the last attempt met
   * @param parkedAt when it was given up (last)
   */
  record DeadLetter(
      String tenant,
      String id,
      String subscription,
      String eventId,
      String type,
      String body,
      int attempts,
      Optional<Integer> lastStatus,
      String lastError,
      Instant parkedAt) {
    public DeadLetter {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(body, "body");
    }
  }

  /** Records an attempt (best effort: a failed write must not stop deliveries). */
  void record(Attempt attempt);

  /** The tenant's attempts, newest first, at most {@code limit}. */
  List<Attempt> recent(String tenant, int limit);

  /** Parks (or, with the same id, re-parks) a dead letter. */
  void park(DeadLetter letter);

  /** The most dead letters a listing returns. */
  int DEAD_LETTERS_LISTED = 1000;

  /**
   * The tenant's dead letters, oldest (last parked) first, at most {@link #DEAD_LETTERS_LISTED}.
   */
  List<DeadLetter> deadLetters(String tenant);

  Optional<DeadLetter> deadLetter(String tenant, String id);

  /** Removes a dead letter (after its replay was delivered); absent is fine. */
  void removeDeadLetter(String tenant, String id);
}
