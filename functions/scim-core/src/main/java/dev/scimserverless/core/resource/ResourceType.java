package dev.scimserverless.core.resource;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A resource type this service provider serves (RFC 7643 §6): the identity the stores key resources
 * by, and the one rule they apply per type (its part in memberships: what a delete cascades to).
 * Everything else about a type (its extensions, keys, routes) is its {@code ResourceTypeDescriptor}
 * in the schema registry, from which a type is {@linkplain #define defined}.
 *
 * <p>Types are interned by name: {@link #USER} and {@link #GROUP} are the standard ones; a
 * descriptor defines any other once per process, and {@link #named} finds a defined type by name
 * (an unknown name fails loudly).
 */
public final class ResourceType {
  /**
   * The type's part in memberships: what the store's delete cascades to, which computed attribute
   * links to the other side ({@code $ref}), which member events a change carries.
   */
  public enum Membership {
    /** Its resources are members of groups; a delete leaves every group (User). */
    MEMBER,
    /** Its resources hold members; a delete drops the member list (Group). */
    GROUP,
    /** Neither: a delete cascades to nothing. */
    NONE
  }

  private static final ConcurrentMap<String, ResourceType> DEFINED = new ConcurrentHashMap<>();

  public static final ResourceType USER =
      define("User", "/Users", "urn:ietf:params:scim:schemas:core:2.0:User", Membership.MEMBER);
  public static final ResourceType GROUP =
      define("Group", "/Groups", "urn:ietf:params:scim:schemas:core:2.0:Group", Membership.GROUP);

  /** The types every deployment serves, in their order at {@code /ResourceTypes}. */
  public static final List<ResourceType> STANDARD = List.of(USER, GROUP);

  private final String scimName;
  private final String endpoint;
  private final String schema;
  private final Membership membership;

  private ResourceType(String scimName, String endpoint, String schema, Membership membership) {
    this.scimName = scimName;
    this.endpoint = endpoint;
    this.schema = schema;
    this.membership = membership;
  }

  /**
   * The type named {@code scimName}, defined on first call; a second definition must be equal.
   *
   * @throws IllegalArgumentException when the name is not a key-safe word (letters and digits,
   *     starting with a letter: it is part of every store key of the type), the endpoint is not
   *     {@code /Name}-shaped, or the type is already defined differently
   */
  public static ResourceType define(
      String scimName, String endpoint, String schema, Membership membership) {
    Objects.requireNonNull(membership, "membership");
    if (scimName == null || !scimName.matches("[A-Za-z][A-Za-z0-9]{0,63}")) {
      throw new IllegalArgumentException(
          "resource type name '" + scimName + "': letters and digits only, starting with a letter");
    }
    if (endpoint == null || !endpoint.matches("/[A-Za-z][A-Za-z0-9]{0,63}")) {
      throw new IllegalArgumentException(
          "resource type " + scimName + ": endpoint '" + endpoint + "' is not /Name");
    }
    if (schema == null || !schema.startsWith("urn:")) {
      throw new IllegalArgumentException(
          "resource type " + scimName + ": schema '" + schema + "' is not a URN");
    }
    ResourceType type = new ResourceType(scimName, endpoint, schema, membership);
    ResourceType known = DEFINED.putIfAbsent(key(scimName), type);
    if (known == null) {
      return type;
    }
    if (!known.scimName.equals(scimName)
        || !known.endpoint.equals(endpoint)
        || !known.schema.equals(schema)
        || known.membership != membership) {
      throw new IllegalArgumentException(
          "resource type " + scimName + " is already defined as " + known.describe());
    }
    return known;
  }

  /**
   * The defined type of this name (exactly as in {@code meta.resourceType}).
   *
   * @throws IllegalArgumentException when no type of that name is defined
   */
  public static ResourceType named(String scimName) {
    ResourceType t = scimName == null ? null : DEFINED.get(key(scimName));
    if (t == null || !t.scimName.equals(scimName)) {
      throw new IllegalArgumentException("not a defined resource type: " + scimName);
    }
    return t;
  }

  /** The name used in meta.resourceType and /ResourceTypes, and in the store's keys. */
  public String scimName() {
    return scimName;
  }

  /** The endpoint relative to the SCIM base URL, e.g. {@code /Users}. */
  public String endpoint() {
    return endpoint;
  }

  /** The URN of the core schema. */
  public String schema() {
    return schema;
  }

  /** Its part in memberships (what the store's delete cascades to). */
  public Membership membership() {
    return membership;
  }

  private String describe() {
    return scimName + " " + endpoint + " " + schema + " " + membership;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return scimName;
  }
}
