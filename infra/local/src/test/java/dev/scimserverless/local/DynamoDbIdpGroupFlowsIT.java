package dev.scimserverless.local;

/** Okta and Entra ID group flows on DynamoDB (Dynoxide). */
class DynamoDbIdpGroupFlowsIT extends IdpGroupFlowsContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.dynamoDb();
  }
}
