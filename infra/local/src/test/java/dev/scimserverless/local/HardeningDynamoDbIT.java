package dev.scimserverless.local;

class HardeningDynamoDbIT extends HardeningContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.dynamoDb();
  }
}
