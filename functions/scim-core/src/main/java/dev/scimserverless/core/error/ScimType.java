package dev.scimserverless.core.error;

/**
 * The scimType values of RFC 7644 §3.12, Table 9, and {@code invalidCursor} of RFC 9865 §2.2
 * (cursor-based pagination).
 */
public enum ScimType {
  invalidFilter,
  tooMany,
  uniqueness,
  mutability,
  invalidSyntax,
  invalidPath,
  noTarget,
  invalidValue,
  invalidVers,
  sensitive,
  invalidCursor
}
