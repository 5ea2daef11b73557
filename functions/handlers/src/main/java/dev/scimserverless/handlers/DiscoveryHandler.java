package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ScimApi;

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
    this(FunctionSupport.of(FunctionSupport.NO_AUDIT));
    SnapStartPriming.discovery(this).register();
  }

  public DiscoveryHandler(FunctionSupport support) {
    super(ScimApi.discoveryEndpoint(), support);
  }
}
