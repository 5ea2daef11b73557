package dev.scimserverless.core.store;

import java.nio.charset.StandardCharsets;

/**
 * The id of an organization (tenant), checked once: non-empty, at most {@value #MAX_BYTES} UTF-8
 * bytes, no {@code #} (the separator of the stores' composite keys, so that no tenant id can forge
 * the keys of another). Every tenant-scoped store port is reached through one ({@link
 * ScimStore#forTenant}), so the adapters never check it again.
 *
 * @param value the id as the authorizer and the directory know it
 */
public record TenantId(String value) {
  /** The longest tenant id, in UTF-8 bytes (it is part of partition keys). */
  public static final int MAX_BYTES = 128;

  /**
   * @throws IllegalArgumentException if the value cannot be a tenant id (a defect of the caller:
   *     tenant ids come from the directory, which refuses such ids)
   */
  public TenantId {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("tenant id must not be empty");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new IllegalArgumentException("tenant id longer than " + MAX_BYTES + " bytes");
    }
    if (value.indexOf('#') >= 0) {
      throw new IllegalArgumentException("tenant id must not contain '#': " + value);
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
