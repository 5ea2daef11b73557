package dev.scimserverless.core.events;

import dev.scimserverless.core.store.WebhookDeliveries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A test's WebhookDeliveries: lists (the store's adapters have their own contract suite). */
final class RecordingDeliveries implements WebhookDeliveries {
  final List<Attempt> attempts = new ArrayList<>();
  final Map<String, DeadLetter> letters = new LinkedHashMap<>();

  @Override
  public synchronized void record(Attempt attempt) {
    attempts.add(attempt);
  }

  @Override
  public synchronized List<Attempt> recent(String tenant, int limit) {
    List<Attempt> out = new ArrayList<>(attempts);
    java.util.Collections.reverse(out);
    return out.stream().limit(limit).toList();
  }

  @Override
  public synchronized void park(DeadLetter letter) {
    letters.put(letter.id(), letter);
  }

  @Override
  public synchronized List<DeadLetter> deadLetters(String tenant) {
    return List.copyOf(letters.values());
  }

  @Override
  public synchronized Optional<DeadLetter> deadLetter(String tenant, String id) {
    return Optional.ofNullable(letters.get(id));
  }

  @Override
  public synchronized void removeDeadLetter(String tenant, String id) {
    letters.remove(id);
  }
}
