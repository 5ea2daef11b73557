package dev.scimserverless.admin;

import dev.scimserverless.core.auth.UsageKeys;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.ApiGatewayClientBuilder;
import software.amazon.awssdk.services.apigateway.model.ApiKey;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateApiKeyResponse;

/** {@link UsagePlans} on API Gateway's API, on the functions' SDK HTTP client (Apache 5). */
final class ApiGatewayUsagePlans implements UsagePlans {
  private final ApiGatewayClient client;

  ApiGatewayUsagePlans(ApiGatewayClient client) {
    this.client = client;
  }

  /** A client for the region (else {@code AWS_REGION}), credentials from the default chain. */
  static ApiGatewayUsagePlans create(Optional<String> region) {
    ApiGatewayClientBuilder builder =
        ApiGatewayClient.builder()
            .httpClient(
                Apache5HttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30))
                    .useIdleConnectionReaper(false)
                    .build());
    region.map(Region::of).ifPresent(builder::region);
    return new ApiGatewayUsagePlans(builder.build());
  }

  @Override
  public String attach(String usagePlanId, String tenant) {
    String name = UsageKeys.keyName(tenant);
    String keyId = existingKey(name).orElseGet(() -> createKey(name, tenant));
    try {
      client.createUsagePlanKey(b -> b.usagePlanId(usagePlanId).keyId(keyId).keyType("API_KEY"));
    } catch (ConflictException alreadyInThePlan) {
      // attached before
    }
    return keyId;
  }

  private Optional<String> existingKey(String name) {
    return client.getApiKeys(b -> b.nameQuery(name).limit(500)).items().stream()
        .filter(k -> name.equals(k.name()))
        .map(ApiKey::id)
        .findFirst();
  }

  private String createKey(String name, String tenant) {
    CreateApiKeyResponse created =
        client.createApiKey(
            b ->
                b.name(name)
                    .value(UsageKeys.forTenant(tenant))
                    .enabled(true)
                    .description("scim-serverless usage-plan key of tenant " + tenant));
    return created.id();
  }
}
