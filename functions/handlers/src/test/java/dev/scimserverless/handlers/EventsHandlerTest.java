package dev.scimserverless.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.events.ProvisioningEvent;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.store.dynamodb.ChangeItems;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stream records of change items to published events, with partial batch responses. */
class EventsHandlerTest {

  static ProvisioningChange members(String id, List<String> added) {
    return new ProvisioningChange(
        id,
        Instant.parse("2025-03-10T12:00:00Z"),
        "acme",
        ResourceType.GROUP,
        "g1",
        ProvisioningChange.Operation.PATCH,
        List.of("members"),
        added,
        List.of(),
        List.of(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "tok_1",
        "req-1");
  }

  static JsonNode json(AttributeValue v) {
    ObjectNode o = Json.object();
    if (v.s() != null) {
      o.put("S", v.s());
    } else if (v.n() != null) {
      o.put("N", v.n());
    } else if (v.bool() != null) {
      o.put("BOOL", v.bool());
    } else if (v.hasL()) {
      ArrayNode l = o.putArray("L");
      v.l().forEach(e -> l.add(json(e)));
    }
    return o;
  }

  static ObjectNode record(String eventName, String sequence, Map<String, AttributeValue> item) {
    ObjectNode r = Json.object().put("eventName", eventName);
    ObjectNode ddb = r.putObject("dynamodb").put("SequenceNumber", sequence);
    ObjectNode image = ddb.putObject("NewImage");
    item.forEach((k, v) -> image.set(k, json(v)));
    return r;
  }

  static ObjectNode streamEvent(ObjectNode... records) {
    ObjectNode e = Json.object();
    ArrayNode list = e.putArray("Records");
    for (ObjectNode r : records) {
      list.add(r);
    }
    return e;
  }

  @Test
  void changeItemsArePublishedInOrderAndOtherRecordsIgnored() throws Exception {
    List<ProvisioningEvent> published = new ArrayList<>();
    EventsHandler handler = new EventsHandler(published::addAll);
    Map<String, AttributeValue> change =
        ChangeItems.changeItem(members("c1", List.of("u1", "u2")), Duration.ofDays(1));
    ObjectNode event =
        streamEvent(
            record("INSERT", "100", Map.of("pk", AttributeValue.fromS("T#acme#Group"))),
            record("INSERT", "101", change),
            record("REMOVE", "102", change));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);

    assertEquals("{\"batchItemFailures\":[]}", out.toString(StandardCharsets.UTF_8));
    assertEquals(List.of("c1.0", "c1.1"), published.stream().map(ProvisioningEvent::id).toList());
    assertEquals("group.member_added", published.get(0).type());
    assertEquals("u2", published.get(1).data().path("user").asText());
  }

  @Test
  void theFirstFailedRecordIsReportedAndTheLaterOnesAreNotPublished() {
    List<String> published = new ArrayList<>();
    EventsHandler handler =
        new EventsHandler(
            events -> {
              if (events.get(0).id().startsWith("c2")) {
                throw new IllegalStateException("throttled");
              }
              events.forEach(e -> published.add(e.id()));
            });
    ObjectNode event =
        streamEvent(
            record(
                "INSERT",
                "1",
                ChangeItems.changeItem(members("c1", List.of("u1")), Duration.ofDays(1))),
            record(
                "INSERT",
                "2",
                ChangeItems.changeItem(members("c2", List.of("u1")), Duration.ofDays(1))),
            record(
                "INSERT",
                "3",
                ChangeItems.changeItem(members("c3", List.of("u1")), Duration.ofDays(1))));

    JsonNode response = handler.handle(event);

    assertEquals("2", response.path("batchItemFailures").get(0).path("itemIdentifier").asText());
    assertEquals(1, response.path("batchItemFailures").size());
    assertEquals(List.of("c1.0"), published);
  }

  @Test
  void anOversizedDetailKeepsOnlyTheResourceId() {
    ProvisioningEvent big =
        new ProvisioningEvent(
            "c.0",
            "user.updated",
            "acme",
            Instant.EPOCH,
            "User",
            "u1",
            2,
            List.of("nickName"),
            Json.object().put("nickName", "x".repeat(300_000)),
            "tok",
            "req",
            "urn:ietf:params:SCIM:event:prov:patch:full");
    JsonNode detail = Json.parse(EventsHandler.detail(big));
    assertEquals("{\"id\":\"u1\"}", detail.path("data").toString());
    assertTrue(detail.path("dataOmitted").asBoolean());
  }
}
