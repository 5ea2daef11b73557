package dev.scimserverless.core.events;

/** Where a relay delivers events: a webhook endpoint, an event bus, a test's list. */
public interface EventSink {
  /**
   * Delivers one event of a tenant, blocking until it is delivered or given up (parked in a
   * dead-letter store). Interrupted, stops and throws.
   *
   * @throws InterruptedException when the relay stops meanwhile (the event is redelivered later)
   */
  void deliver(String tenant, ProvisioningEvent event) throws InterruptedException;
}
