package dev.scimserverless.store.memory;

import dev.scimserverless.store.MembershipStoreContract;

/** The membership contract on {@link InMemoryStore}. */
class InMemoryMembershipStoreTest extends MembershipStoreContract {
  @Override
  protected Subject newSubject() {
    return Subject.of(new InMemoryStore());
  }
}
