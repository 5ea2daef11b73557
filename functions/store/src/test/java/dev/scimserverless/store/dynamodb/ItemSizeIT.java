package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.testsupport.Fixtures.next;
import static dev.scimserverless.store.testsupport.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.TenantId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A resource over DynamoDB's 400 KB item limit, on Dynoxide: the service refuses documents over 350
 * KB before they reach the store, so a write above the limit is a defect of the caller, reported as
 * an {@link IllegalArgumentException} that names the limit (as the key rules do), whether the write
 * is a transaction (create, replace with key changes) or a single PutItem (replace), and nothing is
 * written.
 */
class ItemSizeIT {
  private static final String TENANT = "acme";
  private static final String HUGE = "{\"title\":\"" + "x".repeat(420_000) + "\"}";

  private final Dynoxide dynoxide = Dynoxide.shared();
  private final DynamoDbStore store = new DynamoDbStore(dynoxide.client(), dynoxide.freshTable());

  @Test
  void aCreateOverTheItemLimitIsAnIllegalArgumentNamingTheLimit() {
    StoredResource small = user("u1", "alice");
    StoredResource huge =
        new StoredResource(
            ResourceType.USER,
            "u1",
            HUGE,
            1,
            small.created(),
            small.lastModified(),
            small.uniqueKeys(),
            small.lookupKeys());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.forTenant(TenantId.of(TENANT)).resources().create(huge));

    assertTrue(e.getMessage().contains("400 KB"), e::getMessage);
    assertTrue(
        store.forTenant(TenantId.of(TENANT)).resources().get(ResourceType.USER, "u1").isEmpty(),
        "nothing written");
    assertEquals(0, store.forTenant(TenantId.of(TENANT)).resources().count(ResourceType.USER));
  }

  @Test
  void aReplaceOverTheItemLimitIsAnIllegalArgumentAndKeepsTheStoredVersion() {
    StoredResource v1 = user("u1", "alice");
    store.forTenant(TenantId.of(TENANT)).resources().create(v1);

    IllegalArgumentException single =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.forTenant(TenantId.of(TENANT)).resources().replace(v1, next(v1, HUGE)));
    IllegalArgumentException transaction =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                store
                    .forTenant(TenantId.of(TENANT))
                    .resources()
                    .replace(v1, next(v1, HUGE, Map.of("userName", "bob"), Map.of())));

    assertTrue(single.getMessage().contains("400 KB"), single::getMessage);
    assertTrue(transaction.getMessage().contains("400 KB"), transaction::getMessage);
    assertEquals(
        1,
        store
            .forTenant(TenantId.of(TENANT))
            .resources()
            .get(ResourceType.USER, "u1")
            .orElseThrow()
            .version());
  }
}
