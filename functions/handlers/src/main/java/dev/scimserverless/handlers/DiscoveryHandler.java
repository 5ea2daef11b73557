package dev.scimserverless.handlers;

import dev.scimserverless.core.http.ScimApi;

/**
 * Lambda handler of the discovery endpoints: {@code /ServiceProviderConfig}, {@code
 * /ResourceTypes[/{name}]}, {@code /Schemas[/{urn}]}. Needs no store.
 */
public final class DiscoveryHandler extends ScimFunction {
  public DiscoveryHandler() {
    super(ScimApi.discoveryEndpoint());
  }
}
