package dev.scimserverless.local;

/** The Users flows on the local endpoint with the DynamoDB store on Dynoxide. */
class DynamoDbUsersFlowIT extends UsersFlowContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.dynamoDb();
  }
}
