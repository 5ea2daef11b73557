package dev.scimserverless.core.store;

import java.time.Instant;

/** An organization served by this deployment; every resource belongs to exactly one. */
public record Tenant(String id, String name, boolean disabled, Instant created) {}
