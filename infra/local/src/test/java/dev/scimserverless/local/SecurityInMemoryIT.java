package dev.scimserverless.local;

/** The security guarantees on the local endpoint with the in-memory store. */
class SecurityInMemoryIT extends SecurityContract {
  @Override
  SecurityEndpoint start(int rateLimit) {
    return SecurityEndpoint.inMemory(rateLimit);
  }
}
