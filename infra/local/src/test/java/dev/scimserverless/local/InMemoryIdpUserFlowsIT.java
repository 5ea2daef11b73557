package dev.scimserverless.local;

/** Okta and Entra ID user flows on the in-memory store. */
class InMemoryIdpUserFlowsIT extends IdpUserFlowsContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.inMemory();
  }
}
