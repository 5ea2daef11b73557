package dev.scimserverless.admin;

/**
 * API Gateway usage plans: where each tenant's API key must be for the per-tenant throttling of the
 * stack (the authorizer returns the key as {@code usageIdentifierKey}).
 */
interface UsagePlans {

  /**
   * Makes sure the tenant's API key exists (value {@code UsageKeys.forTenant(tenant)}) and is in
   * the usage plan; doing it twice changes nothing.
   *
   * @return the API key's id
   */
  String attach(String usagePlanId, String tenant);
}
