package dev.scimserverless.store.dynamodb;

import dev.scimserverless.store.ChangeOutboxContract;

/** The outbox contract on {@link DynamoDbStore} against Dynoxide, a fresh table per test. */
class DynamoDbChangeOutboxIT extends ChangeOutboxContract {
  @Override
  protected Subject newSubject() {
    Dynoxide dynoxide = Dynoxide.shared();
    return Subject.of(new DynamoDbStore(dynoxide.client(), dynoxide.freshTable()));
  }
}
