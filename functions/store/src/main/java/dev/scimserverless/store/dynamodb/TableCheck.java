package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.resource.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * An fsck for one tenant's items in the table (docs/operations.md, "Checking the table"): every
 * resource's unique and lookup items exist and point back; no unique or lookup item is an orphan;
 * every membership has its reverse item and names an existing user and group, and every reverse
 * item its membership; each counter equals its count. With {@code repair}, what is safe is mended —
 * a missing key or reverse item written, an orphan deleted (conditionally: only if it still says
 * what was read), a counter set — and a unique value held by two resources is reported, never
 * guessed. Item families it does not know (audit, provisioning log, events) are left alone.
 *
 * <p>Reads the tenant's items with one paginated Scan filtered on the tenant's key prefix (the
 * table has no index to do better, and a check is rare); run it when the tenant is quiet, or run it
 * twice: a write in flight can look like a violation once.
 */
public final class TableCheck {
  /** One violation found (and what was done about it). */
  public record Violation(String kind, String item, String detail, Optional<String> repaired) {}

  /** The outcome: items read per family, violations, and whether each was repaired. */
  public record Report(Map<String, Long> itemsRead, List<Violation> violations) {
    public boolean clean() {
      return violations.isEmpty();
    }

    public long unrepaired() {
      return violations.stream().filter(v -> v.repaired().isEmpty()).count();
    }
  }

  private final DynamoDbClient client;
  private final String table;

  public TableCheck(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  private record Resource(String id, Map<String, String> unique, Map<String, String> lookup) {}

  private record KeyItem(ResourceType type, String attribute, String value, String id) {}

  /**
   * Checks the tenant; repairs what is safe when {@code repair}; reports progress (items read) to
   * {@code progress} every 10,000 items.
   */
  public Report check(String tenant, boolean repair, Consumer<String> progress) {
    String prefix = "T#" + tenant + "#";
    Map<ResourceType, Map<String, Resource>> resources = new HashMap<>();
    List<KeyItem> uniques = new ArrayList<>();
    List<KeyItem> lookups = new ArrayList<>();
    Map<ResourceType, Long> counters = new HashMap<>();
    Set<List<String>> memberships = new HashSet<>(); // [group, user]
    Set<List<String>> reverses = new HashSet<>(); // [user, group]
    Map<String, Long> read = new LinkedHashMap<>();
    for (ResourceType t : ResourceType.STANDARD) {
      resources.put(t, new HashMap<>());
    }

    Map<String, AttributeValue> start = null;
    long total = 0;
    try {
      do {
        ScanRequest.Builder scan =
            ScanRequest.builder()
                .tableName(table)
                .filterExpression("begins_with(#pk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", Keys.PK))
                .expressionAttributeValues(Map.of(":prefix", Keys.s(prefix)))
                .consistentRead(true);
        if (start != null) {
          scan.exclusiveStartKey(start);
        }
        ScanResponse page = client.scan(scan.build());
        for (Map<String, AttributeValue> item : page.items()) {
          String rest = item.get(Keys.PK).s().substring(prefix.length());
          String sk = item.get(Keys.SK).s();
          String family =
              classify(
                  rest, sk, item, resources, uniques, lookups, counters, memberships, reverses);
          read.merge(family, 1L, Long::sum);
          if (++total % 10_000 == 0) {
            progress.accept("read " + total + " items of tenant " + tenant);
          }
        }
        start =
            page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey()
                : null;
      } while (start != null);
    } catch (SdkException e) {
      throw DynamoDbErrors.map(e);
    }

    List<Violation> violations = new ArrayList<>();
    Repairs fix = new Repairs(repair);
    Set<List<String>> uniqueSeen = new HashSet<>();
    for (KeyItem u : uniques) {
      uniqueSeen.add(List.of(u.type().scimName(), u.attribute(), u.value(), u.id()));
      Resource holder = resources.getOrDefault(u.type(), Map.of()).get(u.id());
      if (holder == null || !u.value().equals(holder.unique().get(u.attribute()))) {
        String pk = Keys.unique(tenant, u.type(), u.attribute());
        violations.add(
            new Violation(
                "orphan unique item",
                pk + " / " + u.value(),
                holder == null
                    ? "points to " + u.type().scimName() + " " + u.id() + ", which does not exist"
                    : u.type().scimName() + " " + u.id() + " holds another " + u.attribute(),
                fix.delete(pk, u.value(), Map.of(Items.ID, Keys.s(u.id())))));
      }
    }
    Map<List<String>, String> holders = new HashMap<>();
    uniques.forEach(
        u -> holders.put(List.of(u.type().scimName(), u.attribute(), u.value()), u.id()));
    Set<List<String>> lookupSeen = new HashSet<>();
    lookups.forEach(
        l -> lookupSeen.add(List.of(l.type().scimName(), l.attribute(), l.value(), l.id())));
    for (Map.Entry<ResourceType, Map<String, Resource>> byType : resources.entrySet()) {
      ResourceType type = byType.getKey();
      for (Resource r : byType.getValue().values()) {
        for (Map.Entry<String, String> k : r.unique().entrySet()) {
          if (uniqueSeen.contains(List.of(type.scimName(), k.getKey(), k.getValue(), r.id()))) {
            continue;
          }
          String pk = Keys.unique(tenant, type, k.getKey());
          String other = holders.get(List.of(type.scimName(), k.getKey(), k.getValue()));
          if (other != null && !other.equals(r.id())) {
            violations.add(
                new Violation(
                    "unique value held twice",
                    pk + " / " + k.getValue(),
                    type.scimName()
                        + " "
                        + r.id()
                        + " and "
                        + other
                        + " both have this "
                        + k.getKey()
                        + "; rename one in the IdP",
                    Optional.empty()));
          } else {
            violations.add(
                new Violation(
                    "missing unique item",
                    pk + " / " + k.getValue(),
                    type.scimName() + " " + r.id() + " has no unique item for its " + k.getKey(),
                    fix.putIfAbsent(pk, k.getValue(), Map.of(Items.ID, Keys.s(r.id())))));
          }
        }
        for (Map.Entry<String, String> k : r.lookup().entrySet()) {
          if (!lookupSeen.contains(List.of(type.scimName(), k.getKey(), k.getValue(), r.id()))) {
            String pk = Keys.lookup(tenant, type, k.getKey(), k.getValue());
            violations.add(
                new Violation(
                    "missing lookup item",
                    pk + " / " + r.id(),
                    type.scimName() + " " + r.id() + " is not findable by its " + k.getKey(),
                    fix.putIfAbsent(pk, r.id(), Map.of())));
          }
        }
      }
      long count = byType.getValue().size();
      long counter = counters.getOrDefault(type, 0L);
      if (counter != count) {
        violations.add(
            new Violation(
                "counter differs from count",
                Keys.counter(tenant, type),
                "counter " + counter + ", " + count + " " + type.scimName() + " resources",
                fix.setCounter(Keys.counter(tenant, type), counter, count)));
      }
    }
    for (KeyItem l : lookups) {
      Resource r = resources.getOrDefault(l.type(), Map.of()).get(l.id());
      if (r == null || !l.value().equals(r.lookup().get(l.attribute()))) {
        String pk = Keys.lookup(tenant, l.type(), l.attribute(), l.value());
        violations.add(
            new Violation(
                "orphan lookup item",
                pk + " / " + l.id(),
                r == null
                    ? "points to " + l.type().scimName() + " " + l.id() + ", which does not exist"
                    : l.type().scimName() + " " + l.id() + " has another " + l.attribute(),
                fix.delete(pk, l.id(), Map.of())));
      }
    }
    Map<String, Resource> users = resources.get(ResourceType.USER);
    Map<String, Resource> groups = resources.get(ResourceType.GROUP);
    for (List<String> m : memberships) {
      String group = m.get(0);
      String user = m.get(1);
      String pk = Keys.members(tenant, group);
      if (!groups.containsKey(group) || !users.containsKey(user)) {
        violations.add(
            new Violation(
                "membership of a missing " + (!groups.containsKey(group) ? "group" : "user"),
                pk + " / " + user,
                "group " + group + ", user " + user,
                fix.deleteMembership(tenant, group, user)));
      } else if (!reverses.contains(List.of(user, group))) {
        violations.add(
            new Violation(
                "membership without its reverse item",
                Keys.groupsOf(tenant, user) + " / " + group,
                "user " + user + " does not list group " + group + " in its groups",
                fix.putIfAbsent(Keys.groupsOf(tenant, user), group, Map.of())));
      }
    }
    for (List<String> r : reverses) {
      if (!memberships.contains(List.of(r.get(1), r.get(0)))) {
        violations.add(
            new Violation(
                "reverse item without its membership",
                Keys.groupsOf(tenant, r.get(0)) + " / " + r.get(1),
                "user " + r.get(0) + " lists group " + r.get(1) + ", which does not list it",
                fix.delete(Keys.groupsOf(tenant, r.get(0)), r.get(1), Map.of())));
      }
    }
    return new Report(read, violations);
  }

  /** Sorts one item into its family; returns the family's name for the tally. */
  private static String classify(
      String rest,
      String sk,
      Map<String, AttributeValue> item,
      Map<ResourceType, Map<String, Resource>> resources,
      List<KeyItem> uniques,
      List<KeyItem> lookups,
      Map<ResourceType, Long> counters,
      Set<List<String>> memberships,
      Set<List<String>> reverses) {
    int hash = rest.indexOf('#');
    String typeName = hash < 0 ? rest : rest.substring(0, hash);
    ResourceType type;
    try {
      type = ResourceType.named(typeName);
    } catch (IllegalArgumentException notDefined) {
      return "other";
    }
    if (hash < 0) {
      resources
          .computeIfAbsent(type, t -> new HashMap<>())
          .put(
              sk,
              new Resource(
                  sk,
                  Items.stringMap(item.get(Items.UNIQUE_KEYS)),
                  Items.stringMap(item.get(Items.LOOKUP_KEYS))));
      return type.scimName() + " resources";
    }
    String tail = rest.substring(hash + 1);
    if (tail.equals("COUNT")) {
      counters.put(type, Long.parseLong(item.get(Items.COUNT).n()));
      return "counters";
    }
    if (tail.startsWith("U#")) {
      uniques.add(new KeyItem(type, tail.substring(2), sk, item.get(Items.ID).s()));
      return "unique items";
    }
    if (tail.startsWith("L#")) {
      String attrAndValue = tail.substring(2);
      int h = attrAndValue.indexOf('#');
      if (h > 0) {
        lookups.add(
            new KeyItem(type, attrAndValue.substring(0, h), attrAndValue.substring(h + 1), sk));
        return "lookup items";
      }
      return "other";
    }
    if (type == ResourceType.GROUP && tail.startsWith("M#")) {
      memberships.add(List.of(tail.substring(2), sk));
      return "memberships";
    }
    if (type == ResourceType.USER && tail.startsWith("G#")) {
      reverses.add(List.of(tail.substring(2), sk));
      return "reverse memberships";
    }
    return "other";
  }

  /** The repairs, each conditional so that it never overwrites what a live write just did. */
  private final class Repairs {
    private final boolean enabled;

    Repairs(boolean enabled) {
      this.enabled = enabled;
    }

    Optional<String> putIfAbsent(String pk, String sk, Map<String, AttributeValue> attributes) {
      if (!enabled) {
        return Optional.empty();
      }
      Map<String, AttributeValue> item = new HashMap<>(Keys.key(pk, sk));
      item.putAll(attributes);
      try {
        client.putItem(
            b ->
                b.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK)));
        return Optional.of("written");
      } catch (ConditionalCheckFailedException e) {
        return Optional.of("already there (written meanwhile)");
      }
    }

    Optional<String> delete(String pk, String sk, Map<String, AttributeValue> expected) {
      if (!enabled) {
        return Optional.empty();
      }
      try {
        if (expected.isEmpty()) {
          client.deleteItem(b -> b.tableName(table).key(Keys.key(pk, sk)));
        } else {
          Map<String, String> names = new HashMap<>();
          Map<String, AttributeValue> values = new HashMap<>();
          List<String> conditions = new ArrayList<>();
          int i = 0;
          for (Map.Entry<String, AttributeValue> e : expected.entrySet()) {
            names.put("#a" + i, e.getKey());
            values.put(":v" + i, e.getValue());
            conditions.add("#a" + i + " = :v" + i);
            i++;
          }
          client.deleteItem(
              b ->
                  b.tableName(table)
                      .key(Keys.key(pk, sk))
                      .conditionExpression(String.join(" AND ", conditions))
                      .expressionAttributeNames(names)
                      .expressionAttributeValues(values));
        }
        return Optional.of("deleted");
      } catch (ConditionalCheckFailedException e) {
        return Optional.of("left: it changed meanwhile");
      }
    }

    Optional<String> deleteMembership(String tenant, String group, String user) {
      if (!enabled) {
        return Optional.empty();
      }
      delete(Keys.members(tenant, group), user, Map.of());
      delete(Keys.groupsOf(tenant, user), group, Map.of());
      return Optional.of("membership and reverse item deleted");
    }

    Optional<String> setCounter(String pk, long seen, long count) {
      if (!enabled) {
        return Optional.empty();
      }
      try {
        client.updateItem(
            b ->
                b.tableName(table)
                    .key(Keys.key(pk, Keys.SINGLETON))
                    .updateExpression("SET #n = :count")
                    .conditionExpression("attribute_not_exists(#n) OR #n = :seen")
                    .expressionAttributeNames(Map.of("#n", Items.COUNT))
                    .expressionAttributeValues(
                        Map.of(":count", Keys.n(count), ":seen", Keys.n(seen))));
        return Optional.of("set to " + count);
      } catch (ConditionalCheckFailedException e) {
        return Optional.of("left: it changed meanwhile");
      }
    }
  }
}
