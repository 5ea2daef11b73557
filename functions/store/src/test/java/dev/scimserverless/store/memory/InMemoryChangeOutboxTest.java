package dev.scimserverless.store.memory;

import dev.scimserverless.store.ChangeOutboxContract;

/** The outbox contract on {@link InMemoryStore}. */
class InMemoryChangeOutboxTest extends ChangeOutboxContract {
  @Override
  protected Subject newSubject() {
    return Subject.of(new InMemoryStore());
  }
}
