package dev.scimserverless.core.schema;

/** Attribute uniqueness of RFC 7643 §7. */
public enum Uniqueness {
  NONE("none"),
  SERVER("server"),
  GLOBAL("global");

  private final String scimName;

  Uniqueness(String scimName) {
    this.scimName = scimName;
  }

  public String scimName() {
    return scimName;
  }

  public static Uniqueness fromScimName(String name) {
    for (Uniqueness u : values()) {
      if (u.scimName.equalsIgnoreCase(name)) {
        return u;
      }
    }
    throw new IllegalArgumentException("unknown uniqueness " + name);
  }
}
