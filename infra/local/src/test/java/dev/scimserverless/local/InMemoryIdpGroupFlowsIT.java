package dev.scimserverless.local;

/** Okta and Entra ID group flows on the in-memory store. */
class InMemoryIdpGroupFlowsIT extends IdpGroupFlowsContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.inMemory();
  }
}
