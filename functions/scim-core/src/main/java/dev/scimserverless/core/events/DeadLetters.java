package dev.scimserverless.core.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries given up after their retries, each with its last status, from which an operator can
 * replay them. Kept in memory (the local endpoint); in AWS, EventBridge's dead-letter queue plays
 * this part.
 */
public final class DeadLetters {

  /**
   * One parked delivery.
   *
   * @param tenant the organization
   * @param event the event
   * @param attempts how many deliveries were tried
   * @param lastStatus the last HTTP status, empty when the last attempt got none (timeout, refused)
   * @param lastError what the last attempt met
   * @param parkedAt when it was given up
   */
  public record Letter(
      String tenant,
      ProvisioningEvent event,
      int attempts,
      Optional<Integer> lastStatus,
      String lastError,
      Instant parkedAt) {}

  private final List<Letter> letters = new ArrayList<>();

  public synchronized void park(Letter letter) {
    letters.add(letter);
  }

  /** The parked deliveries, oldest first. */
  public synchronized List<Letter> list() {
    return List.copyOf(letters);
  }

  /** Takes the parked deliveries of a tenant out, to deliver them again. */
  public synchronized List<Letter> take(String tenant) {
    List<Letter> taken = letters.stream().filter(l -> l.tenant().equals(tenant)).toList();
    letters.removeAll(taken);
    return taken;
  }
}
