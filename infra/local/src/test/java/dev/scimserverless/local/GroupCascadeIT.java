package dev.scimserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.handlers.GroupCascadeHandlerAccess;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.dynamodb.MembershipLoader;
import dev.scimserverless.store.dynamodb.TableCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A group's DELETE answers before its membership cascade (docs/data-model.md, "Delete cascades"):
 * the group is gone for every read at once, members' {@code groups} included, and the membership
 * items go after — on a background thread locally, from the table's stream in AWS (the GroupCascade
 * function, fed here the very change item the DELETE wrote). Meanwhile {@code check} sees the
 * cascade; afterwards the tenant checks clean.
 */
class GroupCascadeIT {
  static final String ORG = "org-cascade";
  static final String TOKEN = "scim_test_token_cascade_0123456789ab";
  static final int MEMBERS = 3_000;

  private String createUser(ScimClient scim, String name) {
    ScimClient.Response r =
        scim.post(
            "/Users",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                + name
                + "\"}");
    assertEquals(201, r.status(), r.text());
    return r.json().path("id").asText();
  }

  private String createGroup(ScimClient scim, String name, String member) {
    ScimClient.Response r =
        scim.post(
            "/Groups",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
                + name
                + "\",\"members\":[{\"value\":\""
                + member
                + "\"}]}");
    assertEquals(201, r.status(), r.text());
    return r.json().path("id").asText();
  }

  private static List<String> randomIds(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    return ids;
  }

  private static long leftover(TableCheck check) {
    return check.check(ORG, false, s -> {}).violations().stream()
        .filter(v -> v.kind().startsWith("membership of a missing group"))
        .count();
  }

  @Test
  void theDeleteAnswersFirstAndTheBackgroundCascadeFinishes() throws Exception {
    Dynoxide d = Dynoxide.shared();
    String table = d.freshTable();
    DynamoDbStore store =
        new DynamoDbStore(d.client(), table).withGroupCascades(LocalEndpoint.groupCascadeThread());
    try (LocalEndpoint endpoint = LocalEndpoint.start(0, store, Map.of(ORG, TOKEN))) {
      ScimClient scim = ScimClient.bearer(endpoint.baseUrl(), TOKEN);
      String user = createUser(scim, "member@example.com");
      String group = createGroup(scim, "Everyone", user);
      new MembershipLoader(d.client(), table, 4)
          .loadMembershipItemsOnly(ORG, group, randomIds(MEMBERS - 1));

      assertEquals(204, scim.delete("/Groups/" + group).status());
      // gone for every read at once
      assertEquals(404, scim.get("/Groups/" + group).status());
      JsonNode u = scim.get("/Users/" + user).json();
      assertFalse(u.toString().contains(group), "the user's groups no longer show it: " + u);
      assertEquals(
          0,
          scim.get("/Groups?filter=" + ScimClient.q("displayName eq \"Everyone\""))
              .json()
              .path("totalResults")
              .asInt());
      assertEquals(404, scim.delete("/Groups/" + group).status(), "a retry is 404");

      TableCheck check = new TableCheck(d.client(), table);
      long left = leftover(check);
      for (int i = 0; i < 600 && left > 0; i++) { // bounded wait for the background cascade
        Thread.sleep(100);
        left = leftover(check);
      }
      assertEquals(0, left, "the cascade finished");
      assertTrue(check.check(ORG, false, s -> {}).clean());
    }
  }

  @Test
  void inAwsTheStreamsGroupCascadeFunctionFinishesIt() throws Exception {
    Dynoxide d = Dynoxide.shared();
    String table = d.freshTable();
    DynamoDbClient client = d.client();
    DynamoDbStore deferred =
        new DynamoDbStore(client, table).withGroupCascades(DynamoDbStore.CASCADE_FROM_STREAM);
    try (LocalEndpoint endpoint = LocalEndpoint.start(0, deferred, Map.of(ORG, TOKEN))) {
      ScimClient scim = ScimClient.bearer(endpoint.baseUrl(), TOKEN);
      String user = createUser(scim, "member2@example.com");
      String group = createGroup(scim, "Engineering", user);
      new MembershipLoader(client, table, 4).loadMembershipItemsOnly(ORG, group, randomIds(499));
      assertEquals(204, scim.delete("/Groups/" + group).status());
      assertEquals(404, scim.get("/Groups/" + group).status());
      assertFalse(scim.get("/Users/" + user).json().toString().contains(group));

      TableCheck check = new TableCheck(client, table);
      assertEquals(500, leftover(check), "left to the stream");

      // the stream record of the DELETE's change item, as Lambda hands it to the function
      Map<String, AttributeValue> changeItem = groupDeleteChangeItem(client, table, group);
      ObjectNode event = Json.object();
      ObjectNode record = event.putArray("Records").addObject();
      record.put("eventName", "INSERT");
      record
          .putObject("dynamodb")
          .put("SequenceNumber", "100")
          .set("NewImage", ddbJson(changeItem));
      JsonNode response = GroupCascadeHandlerAccess.handle(new DynamoDbStore(client, table), event);
      assertEquals(0, response.path("batchItemFailures").size(), response.toString());
      assertEquals(0, leftover(check));
      // a redelivered record deletes nothing twice and fails nothing
      assertEquals(
          0,
          GroupCascadeHandlerAccess.handle(new DynamoDbStore(client, table), event)
              .path("batchItemFailures")
              .size());
      assertTrue(check.check(ORG, false, s -> {}).clean());
    }
  }

  private static Map<String, AttributeValue> groupDeleteChangeItem(
      DynamoDbClient client, String table, String group) {
    for (Map<String, AttributeValue> item :
        client
            .query(
                b ->
                    b.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(
                            Map.of(":pk", AttributeValue.fromS("T#" + ORG + "#AUDIT"))))
            .items()) {
      if (item.containsKey("kind")
          && "change".equals(item.get("kind").s())
          && group.equals(item.get("resourceId").s())
          && "delete".equals(item.get("operation").s())) {
        return item;
      }
    }
    throw new AssertionError("no delete change item for group " + group);
  }

  /** An item as DynamoDB JSON (a stream image). */
  private static ObjectNode ddbJson(Map<String, AttributeValue> item) {
    ObjectNode out = Json.object();
    item.forEach((k, v) -> out.set(k, value(v)));
    return out;
  }

  private static JsonNode value(AttributeValue v) {
    ObjectNode n = Json.object();
    if (v.s() != null) {
      n.put("S", v.s());
    } else if (v.n() != null) {
      n.put("N", v.n());
    } else if (v.bool() != null) {
      n.put("BOOL", v.bool());
    } else if (v.hasL()) {
      ArrayNode l = n.putArray("L");
      v.l().forEach(e -> l.add(value(e)));
    } else if (v.hasM()) {
      n.set("M", ddbJson(v.m()));
    } else if (v.hasSs()) {
      ArrayNode l = n.putArray("SS");
      v.ss().forEach(l::add);
    } else {
      n.put("NULL", true);
    }
    return n;
  }
}
