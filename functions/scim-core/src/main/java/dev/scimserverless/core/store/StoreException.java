package dev.scimserverless.core.store;

/** Failures of a store port, mapped to SCIM errors by the service layer. */
public abstract sealed class StoreException extends RuntimeException
    permits StoreException.UniquenessConflict,
        StoreException.NotFound,
        StoreException.VersionConflict,
        StoreException.InvalidMember,
        StoreException.Unavailable {
  private static final long serialVersionUID = 1L;

  protected StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A unique key (or the id) is already held by another resource. */
  public static final class UniquenessConflict extends StoreException {
    private static final long serialVersionUID = 1L;
    private final String attribute;

    public UniquenessConflict(String attribute) {
      super("unique key taken: " + attribute, null);
      this.attribute = attribute;
    }

    /** The attribute whose value is taken ({@code id} for an id collision). */
    public String attribute() {
      return attribute;
    }
  }

  /** The resource does not exist (in this tenant). */
  public static final class NotFound extends StoreException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message, null);
    }
  }

  /** The stored version is not the expected one: someone else wrote first. */
  public static final class VersionConflict extends StoreException {
    private static final long serialVersionUID = 1L;

    public VersionConflict(String message) {
      super(message, null);
    }
  }

  /** A group member that is not a user of the tenant. */
  public static final class InvalidMember extends StoreException {
    private static final long serialVersionUID = 1L;
    private final String userId;

    public InvalidMember(String userId) {
      super("not a user of this tenant: " + userId, null);
      this.userId = userId;
    }

    public String userId() {
      return userId;
    }
  }

  /** The backing store is throttling or not reachable; the caller should retry later. */
  public static final class Unavailable extends StoreException {
    private static final long serialVersionUID = 1L;
    private final boolean throttled;

    public Unavailable(String message, boolean throttled, Throwable cause) {
      super(message, cause);
      this.throttled = throttled;
    }

    /** True when the store throttled the request (429), false when it failed or timed out (503). */
    public boolean throttled() {
      return throttled;
    }
  }
}
