package dev.scimserverless.local;

/** Okta and Entra ID user flows on DynamoDB (Dynoxide). */
class DynamoDbIdpUserFlowsIT extends IdpUserFlowsContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.dynamoDb();
  }
}
