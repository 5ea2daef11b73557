package dev.scimserverless.core.admin;

import java.util.Optional;

/**
 * A refusal of the admin service, caught by type: the Admin API answers it as an RFC 9457 problem
 * with the status of its kind, the CLI prints it and exits 1.
 */
public abstract sealed class AdminException extends RuntimeException
    permits AdminException.NotFound,
        AdminException.Conflict,
        AdminException.BadInput,
        AdminException.Unavailable {
  private static final long serialVersionUID = 1L;

  AdminException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** The HTTP status the Admin API answers. */
  public abstract int status();

  /** The input field at fault, for a {@link BadInput}. */
  public Optional<String> field() {
    return Optional.empty();
  }

  /** No such tenant or token. */
  public static final class NotFound extends AdminException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message, null);
    }

    @Override
    public int status() {
      return 404;
    }
  }

  /** The change conflicts with what exists (a taken tenant id, too many active tokens). */
  public static final class Conflict extends AdminException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      super(message, null);
    }

    @Override
    public int status() {
      return 409;
    }
  }

  /** An input that is not valid; {@link #field()} names it. */
  public static final class BadInput extends AdminException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public BadInput(String field, String message) {
      super(message, null);
      this.field = field;
    }

    @Override
    public int status() {
      return 400;
    }

    @Override
    public Optional<String> field() {
      return Optional.of(field);
    }
  }

  /** The store could not be reached; nothing was changed that the caller was told about. */
  public static final class Unavailable extends AdminException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public int status() {
      return 503;
    }
  }
}
