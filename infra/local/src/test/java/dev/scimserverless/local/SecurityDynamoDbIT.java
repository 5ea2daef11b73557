package dev.scimserverless.local;

/** The security guarantees on the local endpoint with the DynamoDB adapter on Dynoxide. */
class SecurityDynamoDbIT extends SecurityContract {
  @Override
  SecurityEndpoint start(int rateLimit) {
    return SecurityEndpoint.dynamoDb(rateLimit);
  }
}
