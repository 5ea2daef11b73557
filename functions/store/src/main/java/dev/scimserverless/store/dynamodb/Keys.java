package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.resource.ResourceType;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The key patterns of the single table (docs/data-model.md, "Item types"). */
final class Keys {
  static final String PK = "pk";
  static final String SK = "sk";

  /** The sort key of items that are alone in their partition. */
  static final String SINGLETON = "#";

  /** The partition of the tenant index. */
  static final String TENANTS = "TENANTS";

  private Keys() {}

  /** {@code T#{tenant}#{TYPE}}: the resources of one tenant and type, sort key = id. */
  static String resources(String tenant, ResourceType type) {
    return "T#" + tenant + "#" + type.scimName();
  }

  /** {@code T#{tenant}#{TYPE}#U#{attribute}}: unique key items, sort key = normalised value. */
  static String unique(String tenant, ResourceType type, String attribute) {
    return resources(tenant, type) + "#U#" + attribute;
  }

  /** {@code T#{tenant}#{TYPE}#L#{attribute}#{value}}: lookup key items, sort key = id. */
  static String lookup(String tenant, ResourceType type, String attribute, String value) {
    return resources(tenant, type) + "#L#" + attribute + "#" + value;
  }

  /** {@code T#{tenant}#{TYPE}#COUNT}: the resource counter, sort key {@code #}. */
  static String counter(String tenant, ResourceType type) {
    return resources(tenant, type) + "#COUNT";
  }

  /**
   * {@code T#{tenant}#Group#M#{groupId}}: the memberships of one group, sort key = user id. The tag
   * {@code M} comes before the id, so that no id (which may contain {@code #}) can forge the key of
   * another item family.
   */
  static String members(String tenant, String groupId) {
    return resources(tenant, ResourceType.GROUP) + "#M#" + groupId;
  }

  /** {@code T#{tenant}#User#G#{userId}}: the groups of one user, sort key = group id. */
  static String groupsOf(String tenant, String userId) {
    return resources(tenant, ResourceType.USER) + "#G#" + userId;
  }

  /** {@code TENANT#{id}}: a tenant, sort key {@code #}. */
  static String tenant(String tenantId) {
    return "TENANT#" + tenantId;
  }

  /** {@code TENANT#{id}#TOKENS}: the token index of a tenant, sort key = token id. */
  static String tenantTokens(String tenantId) {
    return "TENANT#" + tenantId + "#TOKENS";
  }

  /** {@code TOKEN#{hash}}: a token, sort key {@code #}. */
  static String token(String hash) {
    return "TOKEN#" + hash;
  }

  /** {@code T#{tenant}#REQLOG}: the provisioning log's failures, sort key = time#requestId. */
  static String requestErrors(String tenant) {
    return "T#" + tenant + "#REQLOG";
  }

  /**
   * {@code T#{tenant}#REQOK}: the provisioning log's last successes, a ring: sort key = the slot
   * (0..999, zero-padded), and the slot counter at sort key {@code #}.
   */
  static String requestSuccesses(String tenant) {
    return "T#" + tenant + "#REQOK";
  }

  /** {@code T#{tenant}#WEBHOOKS}: the tenant's webhook subscriptions, sort key = id. */
  static String webhooks(String tenant) {
    return "T#" + tenant + "#WEBHOOKS";
  }

  /** {@code T#{tenant}#WHLOG}: webhook delivery attempts, sort key = time#random, with a ttl. */
  static String webhookAttempts(String tenant) {
    return "T#" + tenant + "#WHLOG";
  }

  /** {@code T#{tenant}#WHDEAD}: webhook dead letters, sort key = id. */
  static String deadLetters(String tenant) {
    return "T#" + tenant + "#WHDEAD";
  }

  /**
   * {@code CONSOLE#SESSION#{hash}}: an admin console session (tenant-less), sort key {@code #},
   * keyed by the SHA-256 of the cookie's value.
   */
  static String consoleSession(String idHash) {
    return "CONSOLE#SESSION#" + idHash;
  }

  /** The primary key attributes of an item. */
  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, s(pk), SK, s(sk));
  }

  static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  static AttributeValue n(long value) {
    return AttributeValue.builder().n(Long.toString(value)).build();
  }

  static AttributeValue bool(boolean value) {
    return AttributeValue.builder().bool(value).build();
  }
}
