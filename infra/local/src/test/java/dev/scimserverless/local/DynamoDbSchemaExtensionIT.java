package dev.scimserverless.local;

/** Operator-declared extension schemas on DynamoDB (Dynoxide). */
class DynamoDbSchemaExtensionIT extends SchemaExtensionContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.dynamoDb(acmeSettings());
  }
}
