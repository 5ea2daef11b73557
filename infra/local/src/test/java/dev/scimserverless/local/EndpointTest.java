package dev.scimserverless.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the full-stack tests: one local endpoint per test class, on the store adapter the
 * subclass chooses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndpointTest {
  protected EndpointFixture fixture;

  protected abstract EndpointFixture startFixture();

  @BeforeAll
  void startEndpoint() {
    fixture = startFixture();
  }

  @AfterAll
  void stopEndpoint() {
    if (fixture != null) {
      fixture.close();
    }
  }
}
