package dev.scimserverless.store.memory;

import dev.scimserverless.core.store.WebhookDeliveries;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Webhook attempts and dead letters in memory (local endpoint, tests): the last {@value
 * WebhookDeliveries#RECENT_KEPT} attempts per tenant, and the dead letters until they are replayed.
 */
public final class InMemoryWebhookDeliveries implements WebhookDeliveries {
  private final Map<String, Deque<Attempt>> attempts = new LinkedHashMap<>();
  private final Map<String, Map<String, DeadLetter>> letters = new LinkedHashMap<>();

  @Override
  public synchronized void record(Attempt attempt) {
    Deque<Attempt> q = attempts.computeIfAbsent(attempt.tenant(), t -> new ArrayDeque<>());
    q.addFirst(attempt);
    while (q.size() > RECENT_KEPT) {
      q.removeLast();
    }
  }

  @Override
  public synchronized List<Attempt> recent(String tenant, int limit) {
    List<Attempt> out = new ArrayList<>();
    Iterator<Attempt> it = attempts.getOrDefault(tenant, new ArrayDeque<>()).iterator();
    while (it.hasNext() && out.size() < limit) {
      out.add(it.next());
    }
    return out;
  }

  @Override
  public synchronized void park(DeadLetter letter) {
    letters.computeIfAbsent(letter.tenant(), t -> new LinkedHashMap<>()).put(letter.id(), letter);
  }

  @Override
  public synchronized List<DeadLetter> deadLetters(String tenant) {
    return letters.getOrDefault(tenant, Map.of()).values().stream()
        .sorted(Comparator.comparing(DeadLetter::parkedAt))
        .limit(DEAD_LETTERS_LISTED)
        .toList();
  }

  @Override
  public synchronized Optional<DeadLetter> deadLetter(String tenant, String id) {
    return Optional.ofNullable(letters.getOrDefault(tenant, Map.of()).get(id));
  }

  @Override
  public synchronized void removeDeadLetter(String tenant, String id) {
    Map<String, DeadLetter> l = letters.get(tenant);
    if (l != null) {
      l.remove(id);
    }
  }
}
