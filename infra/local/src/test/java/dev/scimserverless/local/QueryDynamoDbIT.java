package dev.scimserverless.local;

/** The Query issue's list on the local endpoint with the DynamoDB store on Dynoxide. */
class QueryDynamoDbIT extends QueryContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.dynamoDb();
  }
}
