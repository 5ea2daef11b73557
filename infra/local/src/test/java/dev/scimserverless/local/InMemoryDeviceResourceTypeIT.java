package dev.scimserverless.local;

/** The descriptor-only Device type on the in-memory store. */
class InMemoryDeviceResourceTypeIT extends DeviceResourceTypeContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.inMemory(deviceSettings());
  }
}
