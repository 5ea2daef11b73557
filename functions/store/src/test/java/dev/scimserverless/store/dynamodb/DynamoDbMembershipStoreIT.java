package dev.scimserverless.store.dynamodb;

import dev.scimserverless.store.MembershipStoreContract;

/** The membership contract on {@link DynamoDbStore} against Dynoxide, a fresh table per test. */
class DynamoDbMembershipStoreIT extends MembershipStoreContract {
  @Override
  protected Subject newSubject() {
    Dynoxide dynoxide = Dynoxide.shared();
    return Subject.of(new DynamoDbStore(dynoxide.client(), dynoxide.freshTable()));
  }
}
