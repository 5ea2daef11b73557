package dev.scimserverless.local;

/** The descriptor-only Device type on DynamoDB (Dynoxide). */
class DynamoDbDeviceResourceTypeIT extends DeviceResourceTypeContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.dynamoDb(deviceSettings());
  }
}
