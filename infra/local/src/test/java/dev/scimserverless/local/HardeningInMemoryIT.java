package dev.scimserverless.local;

class HardeningInMemoryIT extends HardeningContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.inMemory();
  }
}
