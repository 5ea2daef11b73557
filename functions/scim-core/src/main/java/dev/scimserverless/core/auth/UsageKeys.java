package dev.scimserverless.core.auth;

/**
 * The API Gateway usage-plan key of an organization: what the authorizer returns as {@code
 * usageIdentifierKey} so that API Gateway applies the usage plan's per-tenant throttling, and what
 * the admin CLI registers as the API key's value.
 *
 * <p>It is derived from the tenant id and is not a secret: with {@code ApiKeySourceType:
 * AUTHORIZER} API Gateway takes the key only from the authorizer and ignores any {@code x-api-key}
 * header, so knowing it lets nobody in.
 */
public final class UsageKeys {
  /** Recognisable prefix of usage-plan key values. */
  public static final String PREFIX = "scim-usage-";

  private UsageKeys() {}

  /** The key value of a tenant: the prefix and 40 hex digits of SHA-256 (API keys take 20–128). */
  public static String forTenant(String tenant) {
    return PREFIX + Tokens.hash("usage-plan-key:" + tenant).substring(0, 40);
  }

  /** The name of the tenant's API key in API Gateway. */
  public static String keyName(String tenant) {
    return "scim-tenant-" + tenant;
  }
}
