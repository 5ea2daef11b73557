package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ScimApi;
import dev.scimserverless.core.schema.SchemaRegistry;

/**
 * Lambda handler of the discovery endpoints: {@code /ServiceProviderConfig}, {@code
 * /ResourceTypes[/{name}]}, {@code /Schemas[/{urn}]}. Needs no store and changes nothing, so it has
 * no audit trail and no DynamoDB permission.
 */
public final class DiscoveryHandler extends ScimFunction {
  /**
   * The constructor Lambda calls; primed before a SnapStart snapshot ({@link
   * SnapStartPriming#discovery}).
   */
  public DiscoveryHandler() {
    this(FunctionSupport.of(FunctionSupport.NO_AUDIT), FunctionEnvironment.schemas());
    SnapStartPriming.discovery(this).register();
  }

  public DiscoveryHandler(FunctionSupport support) {
    this(support, SchemaRegistry.standard());
  }

  /** With other schemas: the standard ones and the operator's extensions. */
  public DiscoveryHandler(FunctionSupport support, SchemaRegistry schemas) {
    super(ScimApi.discoveryEndpoint(schemas), support);
  }
}
