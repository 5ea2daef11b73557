package dev.scimserverless.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.store.ConsoleSessions;
import dev.scimserverless.core.store.ConsoleSessions.Session;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for every ConsoleSessions adapter. */
public abstract class ConsoleSessionsContract {
  protected abstract ConsoleSessions newSessions();

  private ConsoleSessions sessions;
  private final Instant end =
      Instant.now().plus(8, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void setUp() {
    sessions = newSessions();
  }

  @Test
  void aSessionIsFoundByItsHashUntilDeleted() {
    String id = "h-" + UUID.randomUUID();
    Session s = new Session("admin:alice@example.com", "csrf-1", end);
    sessions.put(id, s);
    assertEquals(Optional.of(s), sessions.find(id));
    assertTrue(sessions.find("h-" + UUID.randomUUID()).isEmpty());
    sessions.delete(id);
    assertTrue(sessions.find(id).isEmpty());
    sessions.delete(id); // twice is fine
  }

  @Test
  void sessionsAreIndependentAndPutReplaces() {
    String a = "h-" + UUID.randomUUID();
    String b = "h-" + UUID.randomUUID();
    sessions.put(a, new Session("admin:a", "ca", end));
    sessions.put(b, new Session("admin:b", "cb", end));
    sessions.put(a, new Session("admin:a", "ca2", end.plusSeconds(60)));
    assertEquals("ca2", sessions.find(a).orElseThrow().csrf());
    assertEquals(end.plusSeconds(60), sessions.find(a).orElseThrow().expires());
    sessions.delete(a);
    assertEquals("admin:b", sessions.find(b).orElseThrow().actor());
  }

  @Test
  void anExpiredSessionComesBackWithItsEndSoTheCallerRefusesIt() {
    String id = "h-" + UUID.randomUUID();
    Instant past = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    sessions.put(id, new Session("admin:a", "c", past));
    sessions.find(id).ifPresent(s -> assertEquals(past, s.expires()));
  }
}
