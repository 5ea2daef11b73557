package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.dynamodb.Keys.PK;
import static dev.scimserverless.store.dynamodb.Keys.SK;

import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.resource.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The outbox items of changes (docs/data-model.md, "Changes: the outbox and the audit trail"). A
 * change is two items written in the change's own transaction: the change item in the tenant's
 * trail ({@code T#{tenant}#AUDIT}, sort key {@code {time}#{change id}}) with everything an event
 * needs, which is also the change's audit record and what the table's stream relays; and a small
 * audit item in the resource's trail ({@code T#{tenant}#AUDIT#R#{resourceId}}, same sort key, no
 * representation). Both carry {@code ttl}: kept for the audit retention.
 */
public final class ChangeItems {
  /** Fixed width, so that string order is time order. */
  static final DateTimeFormatter SORTABLE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** The value of {@code kind} on change items: what the stream's filter selects. */
  public static final String CHANGE_KIND = "change";

  /** Items a change adds to a transaction. */
  static final int ITEMS_PER_CHANGE = 2;

  private ChangeItems() {}

  static String trail(String tenant) {
    return "T#" + tenant + "#AUDIT";
  }

  static String resourceTrail(String tenant, String resourceId) {
    return trail(tenant) + "#R#" + resourceId;
  }

  /** The sort key of a change (and its cursor in the outbox). */
  static String sortKey(ProvisioningChange c) {
    return SORTABLE.format(c.time()) + "#" + c.id();
  }

  /** The puts of a change's two items, for its transaction. */
  static List<TransactWriteItem> puts(String table, ProvisioningChange c, Duration retention) {
    return List.of(put(table, changeItem(c, retention)), put(table, resourceItem(c, retention)));
  }

  private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table).item(item).build())
        .build();
  }

  /** The audit fields both items share. */
  private static Map<String, AttributeValue> audit(
      String pk, ProvisioningChange c, Duration retention) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, AttributeValue.fromS(pk));
    item.put(SK, AttributeValue.fromS(sortKey(c)));
    item.put("time", AttributeValue.fromS(c.time().toString()));
    item.put("actor", AttributeValue.fromS(c.actor()));
    item.put("operation", AttributeValue.fromS(c.operation().auditName()));
    item.put("resourceType", AttributeValue.fromS(c.resourceType().scimName()));
    item.put("resourceId", AttributeValue.fromS(c.resourceId()));
    List<String> attributes =
        c.operation() == ProvisioningChange.Operation.DELETE ? List.of() : c.attributes();
    item.put("attributes", strings(attributes));
    item.put("requestId", AttributeValue.fromS(c.requestId()));
    item.put("ttl", AttributeValue.fromN(Long.toString(c.time().plus(retention).getEpochSecond())));
    return item;
  }

  /** The change item of a change (what the table's stream carries as the record's new image). */
  public static Map<String, AttributeValue> changeItem(ProvisioningChange c, Duration retention) {
    Map<String, AttributeValue> item = audit(trail(c.tenant()), c, retention);
    item.put("kind", AttributeValue.fromS(CHANGE_KIND));
    item.put("tenant", AttributeValue.fromS(c.tenant()));
    item.put("changeId", AttributeValue.fromS(c.id()));
    item.put("changed", strings(c.attributes()));
    item.put("membersAdded", strings(c.membersAdded()));
    item.put("membersRemoved", strings(c.membersRemoved()));
    item.put("groupsLeft", strings(c.groupsLeft()));
    item.put("version", AttributeValue.fromN(Long.toString(c.version())));
    c.activeBefore().ifPresent(b -> item.put("activeBefore", AttributeValue.fromBool(b)));
    c.activeAfter().ifPresent(b -> item.put("activeAfter", AttributeValue.fromBool(b)));
    c.representation().ifPresent(r -> item.put("representation", AttributeValue.fromS(r)));
    return item;
  }

  private static Map<String, AttributeValue> resourceItem(
      ProvisioningChange c, Duration retention) {
    return audit(resourceTrail(c.tenant(), c.resourceId()), c, retention);
  }

  /** Whether an item (of a query or a stream record's new image) is a change item. */
  public static boolean isChange(Map<String, AttributeValue> item) {
    AttributeValue kind = item.get("kind");
    return kind != null && CHANGE_KIND.equals(kind.s());
  }

  /** The change of a change item. */
  public static ProvisioningChange change(Map<String, AttributeValue> item) {
    return new ProvisioningChange(
        item.get("changeId").s(),
        Instant.parse(item.get("time").s()),
        item.get("tenant").s(),
        resourceType(item.get("resourceType").s()),
        item.get("resourceId").s(),
        ProvisioningChange.Operation.ofAuditName(item.get("operation").s()),
        list(item.get("changed")),
        list(item.get("membersAdded")),
        list(item.get("membersRemoved")),
        list(item.get("groupsLeft")),
        Long.parseLong(item.get("version").n()),
        Optional.ofNullable(item.get("activeBefore")).map(AttributeValue::bool),
        Optional.ofNullable(item.get("activeAfter")).map(AttributeValue::bool),
        Optional.ofNullable(item.get("representation")).map(AttributeValue::s),
        item.get("actor").s(),
        item.get("requestId").s());
  }

  private static ResourceType resourceType(String name) {
    return ResourceType.named(name); // an unknown name fails
  }

  private static AttributeValue strings(List<String> values) {
    return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
  }

  private static List<String> list(AttributeValue value) {
    if (value == null || !value.hasL()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(value.l().size());
    value.l().forEach(v -> out.add(v.s()));
    return out;
  }
}
