package dev.scimserverless.core.error;

/** The scimType values of RFC 7644 §3.12, Table 9. */
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
  sensitive
}
