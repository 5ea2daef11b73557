package dev.scimserverless.local;

/** Operator-declared extension schemas on the in-memory store. */
class InMemorySchemaExtensionIT extends SchemaExtensionContract {
  @Override
  protected EndpointFixture startFixture() {
    return EndpointFixture.inMemory(acmeSettings());
  }
}
