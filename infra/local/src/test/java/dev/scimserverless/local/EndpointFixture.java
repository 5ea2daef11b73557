package dev.scimserverless.local;

import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.memory.InMemoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts a local endpoint on a free port with two tenants, on either store adapter. */
final class EndpointFixture implements AutoCloseable {
  static final String ORG_A = "org-a";
  static final String ORG_B = "org-b";
  static final String TOKEN_A = "scim_test_token_a_0123456789abcdef";
  static final String TOKEN_B = "scim_test_token_b_0123456789abcdef";

  final LocalEndpoint endpoint;

  private EndpointFixture(LocalEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  static EndpointFixture inMemory() {
    return start(new InMemoryStore(), LocalEndpoint.Settings.defaults());
  }

  static EndpointFixture dynamoDb() {
    return dynamoDb(LocalEndpoint.Settings.defaults());
  }

  /** In memory with other settings (e.g. operator-declared schema extensions). */
  static EndpointFixture inMemory(LocalEndpoint.Settings settings) {
    return start(new InMemoryStore(), settings);
  }

  /** On DynamoDB (Dynoxide, a fresh table) with other settings. */
  static EndpointFixture dynamoDb(LocalEndpoint.Settings settings) {
    Dynoxide dynoxide = Dynoxide.shared();
    return start(new DynamoDbStore(dynoxide.client(), dynoxide.freshTable()), settings);
  }

  private static <
          S extends
              dev.scimserverless.core.store.ScimStore
                  & dev.scimserverless.core.store.TenantDirectory>
      EndpointFixture start(S store, LocalEndpoint.Settings settings) {
    Map<String, String> tenants = new LinkedHashMap<>();
    tenants.put(ORG_A, TOKEN_A);
    tenants.put(ORG_B, TOKEN_B);
    try {
      return new EndpointFixture(LocalEndpoint.start(0, store, tenants, settings));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ScimClient orgA() {
    return ScimClient.bearer(endpoint.baseUrl(), TOKEN_A);
  }

  ScimClient orgB() {
    return ScimClient.bearer(endpoint.baseUrl(), TOKEN_B);
  }

  ScimClient withAuthorization(String header) {
    return new ScimClient(endpoint.baseUrl(), header);
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
