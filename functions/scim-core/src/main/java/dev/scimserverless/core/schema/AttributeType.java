package dev.scimserverless.core.schema;

/** Attribute data types of RFC 7643 §2.3, with their names as they appear in schema JSON. */
public enum AttributeType {
  STRING("string"),
  BOOLEAN("boolean"),
  DECIMAL("decimal"),
  INTEGER("integer"),
  DATE_TIME("dateTime"),
  BINARY("binary"),
  REFERENCE("reference"),
  COMPLEX("complex");

  private final String scimName;

  AttributeType(String scimName) {
    this.scimName = scimName;
  }

  public String scimName() {
    return scimName;
  }

  public static AttributeType fromScimName(String name) {
    for (AttributeType t : values()) {
      if (t.scimName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown attribute type " + name);
  }
}
