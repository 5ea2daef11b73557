package dev.scimserverless.core.auth;

/** Who is calling: the organization (tenant) and the id of the token used. */
public record Principal(String tenant, String tokenId) {}
