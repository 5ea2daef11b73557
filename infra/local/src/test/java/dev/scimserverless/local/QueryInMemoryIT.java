package dev.scimserverless.local;

/** The Query issue's list on the local endpoint with the in-memory store. */
class QueryInMemoryIT extends QueryContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.inMemory();
  }
}
