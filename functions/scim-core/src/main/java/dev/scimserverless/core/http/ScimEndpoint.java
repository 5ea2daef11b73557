package dev.scimserverless.core.http;

/** Something that answers SCIM requests; may throw {@code ScimException}. */
@FunctionalInterface
public interface ScimEndpoint {
  ScimResponse handle(ScimRequest request);
}
