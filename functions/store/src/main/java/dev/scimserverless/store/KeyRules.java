package dev.scimserverless.store;

import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The rules every store adapter applies to the strings it turns into keys, so that all adapters
 * accept and order exactly the same things (see docs/data-model.md).
 *
 * <ul>
 *   <li>Tenant ids and key attribute names are non-empty, at most {@value #MAX_NAME_BYTES} UTF-8
 *       bytes and contain no {@code #} (they are parts of composite DynamoDB partition keys, where
 *       {@code #} is the separator).
 *   <li>Resource ids, token ids, token hashes and unique key values are non-empty (DynamoDB key
 *       strings cannot be empty) and at most {@value #MAX_SORT_KEY_BYTES} UTF-8 bytes.
 *   <li>Lookup key values are at most {@value #MAX_LOOKUP_VALUE_BYTES} UTF-8 bytes (they are part
 *       of a partition key, limit 2048 bytes, with room for the prefix).
 * </ul>
 *
 * <p>Violations are programming errors of the caller and throw {@link IllegalArgumentException}.
 */
public final class KeyRules {
  /** DynamoDB's limit for a sort key value. */
  public static final int MAX_SORT_KEY_BYTES = 1024;

  /** Tenant ids and key attribute names are parts of partition keys: kept short. */
  public static final int MAX_NAME_BYTES = 128;

  /** Lookup values become part of a partition key (limit 2048 bytes) behind a prefix. */
  public static final int MAX_LOOKUP_VALUE_BYTES = 1536;

  /**
   * Key order as DynamoDB sorts string sort keys: by UTF-8 bytes, which is code point order (not
   * {@link String#compareTo}, which orders UTF-16 units and differs for supplementary characters).
   */
  public static final Comparator<String> KEY_ORDER = KeyRules::compareCodePoints;

  private KeyRules() {}

  /** Checks a tenant id (the rule of {@link TenantId}, for the directory's tenant ids). */
  public static String tenant(String tenant) {
    return new TenantId(tenant).value();
  }

  /** Checks a resource id, token id or token hash. */
  public static String sortKey(String what, String value) {
    nonEmpty(what, value);
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_SORT_KEY_BYTES) {
      throw new IllegalArgumentException(what + " longer than " + MAX_SORT_KEY_BYTES + " bytes");
    }
    return value;
  }

  /**
   * Whether a value can be a sort key (non-empty, at most {@value #MAX_SORT_KEY_BYTES} UTF-8
   * bytes). Member ids come from request bodies: one that cannot be a key names no user.
   */
  public static boolean isSortKey(String value) {
    return value != null
        && !value.isEmpty()
        && value.getBytes(StandardCharsets.UTF_8).length <= MAX_SORT_KEY_BYTES;
  }

  /** Checks the id and the unique and lookup keys of a resource. */
  public static StoredResource resource(StoredResource resource) {
    sortKey("resource id", resource.id());
    for (Map.Entry<String, String> key : resource.uniqueKeys().entrySet()) {
      uniqueKey(key.getKey(), key.getValue());
    }
    for (Map.Entry<String, String> key : resource.lookupKeys().entrySet()) {
      lookupKey(key.getKey(), key.getValue());
    }
    return resource;
  }

  /** Checks a unique key: attribute name and normalised value. */
  public static void uniqueKey(String attribute, String normalizedValue) {
    noSeparator("key attribute", attribute);
    sortKey("unique value of " + attribute, normalizedValue);
  }

  /** Checks a lookup key: attribute name and value (which may be empty). */
  public static void lookupKey(String attribute, String value) {
    noSeparator("key attribute", attribute);
    if (value == null) {
      throw new IllegalArgumentException("lookup value of " + attribute + " is null");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_LOOKUP_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "lookup value of " + attribute + " longer than " + MAX_LOOKUP_VALUE_BYTES + " bytes");
    }
  }

  /** Checks that a replacement is the next version of the same resource. */
  public static void replacement(StoredResource previous, StoredResource next) {
    if (previous.type() != next.type() || !previous.id().equals(next.id())) {
      throw new IllegalArgumentException("replace must keep type and id");
    }
    if (next.version() != previous.version() + 1) {
      throw new IllegalArgumentException("next.version must be previous.version + 1");
    }
    resource(next);
  }

  /** Checks a page size. */
  public static int limit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    return limit;
  }

  private static String noSeparator(String what, String value) {
    nonEmpty(what, value);
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(what + " longer than " + MAX_NAME_BYTES + " bytes");
    }
    if (value.indexOf('#') >= 0) {
      throw new IllegalArgumentException(what + " must not contain '#': " + value);
    }
    return value;
  }

  private static void nonEmpty(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** User ids in key order, each once (null ids refused): how both adapters take a member list. */
  public static SortedSet<String> distinctIds(Collection<String> ids) {
    SortedSet<String> sorted = new TreeSet<>(KEY_ORDER);
    for (String id : ids) {
      sorted.add(Objects.requireNonNull(id, "user id"));
    }
    return sorted;
  }

  /**
   * Checks the arguments of a membership change (add or remove) the same way in every adapter;
   * returns the distinct user ids in key order.
   */
  public static SortedSet<String> membershipChange(
      String groupId, Collection<String> userIds, Instant now) {
    sortKey("group id", groupId);
    Objects.requireNonNull(now, "now");
    return distinctIds(userIds);
  }

  /** Checks the arguments of {@code listUniqueKeys} the same way in every adapter. */
  public static void uniqueKeyListing(String attribute, Optional<String> afterValue, int limit) {
    uniqueKey(attribute, "-");
    limit(limit);
    afterValue.ifPresent(v -> sortKey("afterValue", v));
  }
}
