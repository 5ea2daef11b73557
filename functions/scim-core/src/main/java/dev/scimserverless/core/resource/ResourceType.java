package dev.scimserverless.core.resource;

/** The resource types this service provider serves (RFC 7643 §6). */
public enum ResourceType {
  USER("User", "/Users", "urn:ietf:params:scim:schemas:core:2.0:User"),
  GROUP("Group", "/Groups", "urn:ietf:params:scim:schemas:core:2.0:Group");

  private final String scimName;
  private final String endpoint;
  private final String schema;

  ResourceType(String scimName, String endpoint, String schema) {
    this.scimName = scimName;
    this.endpoint = endpoint;
    this.schema = schema;
  }

  /** The name used in meta.resourceType and /ResourceTypes. */
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
}
