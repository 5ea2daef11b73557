package dev.scimserverless.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.store.testsupport.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code scim-admin check} on Dynoxide: each kind of corruption seeded directly into the table is
 * found, and {@code --repair} mends what is safe, after which the tenant checks clean.
 */
class TableCheckIT {
  DynamoDbClient client;
  String table;
  DynamoDbStore store;
  TableCheck check;
  String tenant;

  @BeforeEach
  void setUp() {
    Dynoxide d = Dynoxide.shared();
    client = d.client();
    table = d.freshTable();
    store = new DynamoDbStore(client, table);
    check = new TableCheck(client, table);
    tenant = Fixtures.tenantId();
    store.forTenant(TenantId.of(tenant)).resources().create(Fixtures.user("u1", "alice", "ext-1"));
    store.forTenant(TenantId.of(tenant)).resources().create(Fixtures.user("u2", "bob"));
    store.forTenant(TenantId.of(tenant)).resources().create(Fixtures.group("g1", "Engineering"));
    store
        .forTenant(TenantId.of(tenant))
        .memberships()
        .addMembers("g1", List.of("u1", "u2"), Fixtures.T0);
  }

  private TableCheck.Report run(boolean repair) {
    Consumer<String> quiet = s -> {};
    return check.check(tenant, repair, quiet);
  }

  private void delete(String pk, String sk) {
    client.deleteItem(b -> b.tableName(table).key(Keys.key(pk, sk)));
  }

  private void put(String pk, String sk, Map<String, AttributeValue> extra) {
    java.util.HashMap<String, AttributeValue> item = new java.util.HashMap<>(Keys.key(pk, sk));
    item.putAll(extra);
    client.putItem(b -> b.tableName(table).item(item));
  }

  private List<String> kinds(TableCheck.Report r) {
    return r.violations().stream().map(TableCheck.Violation::kind).sorted().toList();
  }

  @Test
  void aHealthyTenantIsClean() {
    TableCheck.Report r = run(false);
    assertTrue(r.clean(), r.violations().toString());
    assertEquals(2L, r.itemsRead().get("User resources"));
    assertEquals(2L, r.itemsRead().get("memberships"));
    assertEquals(2L, r.itemsRead().get("reverse memberships"));
  }

  @Test
  void everyKindOfCorruptionIsFoundAndRepaired() {
    // a resource without its unique item, and one without its lookup item
    delete(Keys.unique(tenant, ResourceType.USER, "userName"), "bob");
    delete(Keys.lookup(tenant, ResourceType.USER, "externalId", "ext-1"), "u1");
    // orphans: a unique item and a lookup item naming a user that does not exist
    put(
        Keys.unique(tenant, ResourceType.USER, "userName"),
        "ghost",
        Map.of(Items.ID, Keys.s("u9")));
    put(Keys.lookup(tenant, ResourceType.USER, "externalId", "ext-9"), "u9", Map.of());
    // a membership without its reverse, a reverse without its membership,
    // and a membership of a user that does not exist
    delete(Keys.groupsOf(tenant, "u2"), "g1");
    put(Keys.groupsOf(tenant, "u1"), "g7", Map.of());
    put(Keys.members(tenant, "g1"), "u8", Map.of());
    // a counter that drifted
    put(Keys.counter(tenant, ResourceType.GROUP), Keys.SINGLETON, Map.of(Items.COUNT, Keys.n(5)));

    TableCheck.Report found = run(false);
    assertEquals(
        List.of(
            "counter differs from count",
            "membership of a missing user",
            "membership without its reverse item",
            "missing lookup item",
            "missing unique item",
            "orphan lookup item",
            "orphan unique item",
            "reverse item without its membership"),
        kinds(found));
    assertEquals(8, found.unrepaired(), "a check alone changes nothing");
    assertEquals(8, run(false).violations().size(), "still there");

    TableCheck.Report repaired = run(true);
    assertEquals(8, repaired.violations().size());
    assertEquals(0, repaired.unrepaired(), repaired.violations().toString());
    TableCheck.Report after = run(false);
    assertTrue(after.clean(), after.violations().toString());
    // and the store works as before on the mended items
    assertEquals(
        "u2",
        store
            .forTenant(TenantId.of(tenant))
            .resources()
            .findIdByUniqueKey(ResourceType.USER, "userName", "bob")
            .orElseThrow());
    assertEquals(
        List.of("u1"),
        store
            .forTenant(TenantId.of(tenant))
            .resources()
            .findIdsByLookupKey(ResourceType.USER, "externalId", "ext-1"));
    assertEquals(1, store.forTenant(TenantId.of(tenant)).resources().count(ResourceType.GROUP));
  }

  @Test
  void aUniqueValueHeldTwiceIsReportedNotGuessed() {
    // u2's stored userName key says "alice" too: two resources claim one unique value
    Map<String, AttributeValue> u2 =
        client
            .getItem(
                b ->
                    b.tableName(table)
                        .key(Keys.key(Keys.resources(tenant, ResourceType.USER), "u2")))
            .item();
    java.util.HashMap<String, AttributeValue> changed = new java.util.HashMap<>(u2);
    changed.put(Items.UNIQUE_KEYS, AttributeValue.fromM(Map.of("userName", Keys.s("alice"))));
    client.putItem(b -> b.tableName(table).item(changed));

    TableCheck.Report r = run(true);
    List<String> kinds = kinds(r);
    assertTrue(kinds.contains("unique value held twice"), kinds.toString());
    assertTrue(r.unrepaired() >= 1, "not repaired: a person must decide");
  }
}
