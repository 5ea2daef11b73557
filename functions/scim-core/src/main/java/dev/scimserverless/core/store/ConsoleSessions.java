package dev.scimserverless.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The admin console's sessions (docs/console.md), tenant-less: the console's signed-in admins.
 * Keyed by the SHA-256 of the session cookie's value, so that a copy of the store holds no cookie
 * that works. Lambda instances share no memory, so in AWS this is the table (with a TTL); locally a
 * map. An adapter may return an expired session (the caller checks {@link Session#expires()}).
 */
public interface ConsoleSessions {
  /**
   * One session: who signed in (the audit actor of every change it makes), its CSRF token and when
   * it ends.
   */
  record Session(String actor, String csrf, Instant expires) {}

  void put(String idHash, Session session);

  Optional<Session> find(String idHash);

  /** Ends the session; no error when there is none. */
  void delete(String idHash);
}
