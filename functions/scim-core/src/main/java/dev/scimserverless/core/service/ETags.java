package dev.scimserverless.core.service;

import dev.scimserverless.core.error.ScimException;
import java.util.Optional;

/** If-Match and If-None-Match against weak ETags {@code W/"<version>"} (RFC 7644 §3.14). */
public final class ETags {
  private ETags() {}

  /** Throws 412 unless the If-Match header (if any) lists the current version or {@code *}. */
  public static void checkIfMatch(Optional<String> ifMatch, long currentVersion) {
    if (ifMatch.isPresent() && !matches(ifMatch.get(), currentVersion)) {
      throw ScimException.preconditionFailed(
          "If-Match does not match the current version "
              + ScimResource.etagOf(currentVersion)
              + ".");
    }
  }

  /** True when a list of entity tags (weak comparison) names this version, or is {@code *}. */
  public static boolean matches(String header, long version) {
    String wanted = Long.toString(version);
    for (String raw : header.split(",")) {
      String tag = raw.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/") || tag.startsWith("w/")) {
        tag = tag.substring(2);
      }
      if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
        tag = tag.substring(1, tag.length() - 1);
      }
      if (tag.equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}
