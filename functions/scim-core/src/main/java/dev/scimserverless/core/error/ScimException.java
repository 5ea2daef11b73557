package dev.scimserverless.core.error;

import java.util.Optional;

/**
 * A SCIM error (RFC 7644 §3.12): an HTTP status, an optional scimType and a human-readable detail.
 * Every domain failure becomes one of these; {@code http.ScimErrors} renders it in one place.
 */
public class ScimException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final ScimType scimType;
  private final Integer retryAfterSeconds;

  public ScimException(int status, ScimType scimType, String detail) {
    this(status, scimType, detail, null, null);
  }

  public ScimException(
      int status, ScimType scimType, String detail, Integer retryAfterSeconds, Throwable cause) {
    super(detail, cause, false, false);
    this.status = status;
    this.scimType = scimType;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public Optional<ScimType> scimType() {
    return Optional.ofNullable(scimType);
  }

  public String detail() {
    return getMessage();
  }

  public Optional<Integer> retryAfterSeconds() {
    return Optional.ofNullable(retryAfterSeconds);
  }

  public static ScimException invalidSyntax(String detail) {
    return new ScimException(400, ScimType.invalidSyntax, detail);
  }

  public static ScimException invalidValue(String detail) {
    return new ScimException(400, ScimType.invalidValue, detail);
  }

  public static ScimException invalidFilter(String detail) {
    return new ScimException(400, ScimType.invalidFilter, detail);
  }

  public static ScimException invalidPath(String detail) {
    return new ScimException(400, ScimType.invalidPath, detail);
  }

  public static ScimException noTarget(String detail) {
    return new ScimException(400, ScimType.noTarget, detail);
  }

  public static ScimException mutability(String detail) {
    return new ScimException(400, ScimType.mutability, detail);
  }

  public static ScimException uniqueness(String detail) {
    return new ScimException(409, ScimType.uniqueness, detail);
  }

  public static ScimException tooMany(String detail) {
    return new ScimException(400, ScimType.tooMany, detail);
  }

  /** RFC 9865 §2.2: a cursor this server did not issue for this query. */
  public static ScimException invalidCursor(String detail) {
    return new ScimException(400, ScimType.invalidCursor, detail);
  }

  public static ScimException notFound(String detail) {
    return new ScimException(404, null, detail);
  }

  /**
   * 405, naming the methods the resource allows (rendered as the {@code Allow} header too).
   *
   * @param allowed e.g. {@code "GET, POST"}
   */
  public static ScimException methodNotAllowed(String allowed) {
    return new MethodNotAllowed(allowed);
  }

  /** A 405 that knows the allowed methods. */
  public static final class MethodNotAllowed extends ScimException {
    private static final long serialVersionUID = 1L;
    private final String allowed;

    MethodNotAllowed(String allowed) {
      super(405, null, "Method not allowed here; allowed: " + allowed + ".");
      this.allowed = allowed;
    }

    public String allowed() {
      return allowed;
    }
  }

  public static ScimException preconditionFailed(String detail) {
    return new ScimException(412, null, detail);
  }

  public static ScimException unauthorized(String detail) {
    return new ScimException(401, null, detail);
  }

  public static ScimException payloadTooLarge(String detail) {
    return new ScimException(413, null, detail);
  }

  public static ScimException unavailable(String detail, int retryAfterSeconds, Throwable cause) {
    return new ScimException(503, null, detail, retryAfterSeconds, cause);
  }

  public static ScimException throttled(String detail, int retryAfterSeconds, Throwable cause) {
    return new ScimException(429, null, detail, retryAfterSeconds, cause);
  }
}
