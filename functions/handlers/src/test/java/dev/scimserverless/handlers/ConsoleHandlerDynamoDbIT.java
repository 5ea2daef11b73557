package dev.scimserverless.handlers;

import dev.scimserverless.core.store.ConsoleSessions;
import dev.scimserverless.store.dynamodb.DynamoDbConsoleSessions;
import dev.scimserverless.store.dynamodb.Dynoxide;

/**
 * The Console function's tests with the sessions in a DynamoDB table (Dynoxide), as in AWS: a
 * session made on one instance works on another, and a sign-out on one ends it on all.
 */
class ConsoleHandlerDynamoDbIT extends ConsoleHandlerTest {
  @Override
  ConsoleSessions newSessions() {
    Dynoxide d = Dynoxide.shared();
    return new DynamoDbConsoleSessions(d.client(), d.freshTable());
  }
}
