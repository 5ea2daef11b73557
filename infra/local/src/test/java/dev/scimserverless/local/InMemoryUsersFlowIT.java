package dev.scimserverless.local;

/** The Users flows on the local endpoint with the in-memory store. */
class InMemoryUsersFlowIT extends UsersFlowContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.inMemory();
  }
}
