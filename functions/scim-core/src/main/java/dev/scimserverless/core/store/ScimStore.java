package dev.scimserverless.core.store;

/**
 * A store of SCIM data, reached one tenant at a time: {@link #forTenant} gives the ports of one
 * organization, which take no tenant and can see nothing of another. Adapters: in-memory and
 * DynamoDB, held equal by one contract suite.
 */
public interface ScimStore {

  /** The resource and membership ports of one tenant (cheap: call it once per request). */
  TenantStore forTenant(TenantId tenant);
}
