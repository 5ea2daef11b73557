package dev.scimserverless.local;

import static dev.scimserverless.local.ScimClient.q;
import static dev.scimserverless.local.UsersFlowContract.assertScimError;
import static dev.scimserverless.local.UsersFlowContract.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.store.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A resource type added through its descriptor only: {@code Device} (test sources:
 * resource-types/Device.json, the resource-type JSON with its descriptor, and Device.schema.json),
 * served end to end with no code of its own — discovery, POST, GET, filters, PUT, PATCH, the
 * uniqueness of {@code serialNumber}, DELETE, the audit trail, and {@code POST /.search}. And
 * discovery true to behaviour for every type: what /Schemas advertises as unique is enforced, and
 * Group members built from the advertisement are accepted.
 */
abstract class DeviceResourceTypeContract extends EndpointTest {
  static final String DEVICE = "urn:example:params:scim:schemas:test:2.0:Device";
  static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  static final Path FILES = Path.of("src/test/resources/resource-types");

  /** The standard schemas with the Device type added. */
  static SchemaRegistry withDevices() {
    return SchemaRegistry.standard()
        .withResourceType(read("Device.json"), read("Device.schema.json"));
  }

  static LocalEndpoint.Settings deviceSettings() {
    return LocalEndpoint.Settings.defaults().withSchemas(withDevices());
  }

  private static JsonNode read(String file) {
    try {
      return Json.parse(Files.readString(FILES.resolve(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String device(String serial, String name) {
    return """
        {"schemas":["%s"],"serialNumber":"%s","displayName":"%s"}
        """
        .formatted(DEVICE, serial, name);
  }

  private static String created(ScimClient.Response r) {
    assertEquals(201, r.status(), r.text());
    return r.json().path("id").asText();
  }

  @Test
  void createReadFilterAndDelete() {
    ScimClient c = fixture.orgA();
    Instant before = Instant.now().minusSeconds(5);
    String serial = unique("SN");
    ScimClient.Response posted = c.post("/Devices", device(serial, "Laptop of Ann"));
    String id = created(posted);
    JsonNode body = posted.json();
    assertEquals("Device", body.path("meta").path("resourceType").asText());
    assertTrue(body.path("meta").path("location").asText().endsWith("/Devices/" + id));
    assertTrue(posted.header("Location").endsWith("/Devices/" + id), posted.header("Location"));
    assertEquals(DEVICE, body.path("schemas").path(0).asText());

    JsonNode got = c.get("/Devices/" + id).json();
    assertEquals(serial, got.path("serialNumber").asText());
    assertEquals("Laptop of Ann", got.path("displayName").asText());

    // the unique key is a key lookup, case-insensitively; other filters are evaluated
    JsonNode bySerial =
        c.get("/Devices?filter=" + q("serialNumber eq \"" + serial.toLowerCase() + "\"")).json();
    assertEquals(1, bySerial.path("totalResults").asInt(), bySerial.toString());
    assertEquals(id, bySerial.path("Resources").path(0).path("id").asText());
    JsonNode byName =
        c.get("/Devices?filter=" + q("displayName co \"of Ann\" and serialNumber sw \"SN\""))
            .json();
    assertTrue(ids(byName).contains(id), byName.toString());
    assertEquals(
        0,
        c.get("/Devices?filter=" + q("serialNumber eq \"no-such-serial\""))
            .json()
            .path("totalResults")
            .asInt());

    // another tenant sees nothing
    assertScimError(fixture.orgB().get("/Devices/" + id), 404, null);

    // PUT and PATCH (a PATCH answers 200 with the device: only Groups answer 204)
    ScimClient.Response put = c.put("/Devices/" + id, device(serial, "Laptop"));
    assertEquals(200, put.status(), put.text());
    assertEquals("Laptop", put.json().path("displayName").asText());
    ScimClient.Response patched =
        c.patch(
            "/Devices/" + id,
            """
            {"schemas":["%s"],"Operations":[{"op":"replace","path":"displayName","value":"Spare"}]}
            """
                .formatted(PATCH_OP));
    assertEquals(200, patched.status(), patched.text());
    assertEquals("Spare", patched.json().path("displayName").asText());

    assertEquals(204, c.delete("/Devices/" + id).status());
    assertScimError(c.get("/Devices/" + id), 404, null);
    assertScimError(c.delete("/Devices/" + id), 404, null);
    assertEquals(
        0,
        c.get("/Devices?filter=" + q("serialNumber eq \"" + serial + "\""))
            .json()
            .path("totalResults")
            .asInt());

    // audited like a user: the type by name, the operations in order
    List<AuditEvent> audit =
        fixture.endpoint.auditLog().query(EndpointFixture.ORG_A, before, Optional.of(id), 10);
    assertEquals(
        List.of("create", "replace", "patch", "delete"),
        audit.stream().map(AuditEvent::operation).toList());
    assertTrue(audit.stream().allMatch(e -> e.resourceType().equals("Device")), audit.toString());
  }

  @Test
  void serialNumberIsUniquePerTenant() {
    ScimClient c = fixture.orgA();
    String serial = unique("SN");
    String first = created(c.post("/Devices", device(serial, "one")));
    assertScimError(c.post("/Devices", device(serial.toUpperCase(), "two")), 409, "uniqueness");
    String other = created(c.post("/Devices", device(unique("SN"), "three")));
    ScimClient.Response taken = c.put("/Devices/" + other, device(serial, "three"));
    assertScimError(taken, 409, "uniqueness");
    // another tenant may hold the same serial number
    created(fixture.orgB().post("/Devices", device(serial, "elsewhere")));
    // the key is freed by the delete
    assertEquals(204, c.delete("/Devices/" + first).status());
    created(c.post("/Devices", device(serial, "again")));
  }

  @Test
  void badInputIsAScimError() {
    ScimClient c = fixture.orgA();
    assertScimError(
        c.post("/Devices", "{\"schemas\":[\"" + DEVICE + "\"],\"displayName\":\"x\"}"),
        400,
        "invalidValue");
    assertScimError(c.post("/Devices", device("x".repeat(65), "long")), 400, "invalidValue");
    assertScimError(c.get("/Devices?filter=" + q("serialNumber eq")), 400, "invalidFilter");
  }

  @Test
  void discoveryListsTheTypeAndItsSchema() {
    ScimClient c = fixture.orgA();
    List<String> types = new ArrayList<>();
    for (JsonNode t : c.get("/ResourceTypes").json().path("Resources")) {
      types.add(t.path("id").asText());
    }
    assertEquals(List.of("User", "Group", "Device"), types);
    JsonNode type = c.get("/ResourceTypes/Device").json();
    assertEquals("/Devices", type.path("endpoint").asText());
    assertEquals(DEVICE, type.path("schema").asText());
    assertFalse(type.has("descriptor"), "the descriptor is not served");

    boolean listed = false;
    for (JsonNode s : c.get("/Schemas").json().path("Resources")) {
      listed |= s.path("id").asText().equals(DEVICE);
    }
    assertTrue(listed, "listed in /Schemas");
    JsonNode schema = c.get("/Schemas/" + DEVICE).json();
    assertEquals("serialNumber", schema.path("attributes").path(0).path("name").asText());
    assertEquals("server", schema.path("attributes").path(0).path("uniqueness").asText());
  }

  @Test
  void rootSearchIncludesDevices() {
    ScimClient c = fixture.orgA();
    String serial = unique("SN");
    String id = created(c.post("/Devices", device(serial, "searched")));
    ScimClient.Response r =
        c.post(
            "/.search",
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
             "filter":"serialNumber eq \\"%s\\""}
            """
                .formatted(serial));
    assertEquals(200, r.status(), r.text());
    assertEquals(List.of(id), ids(r.json()));
  }

  /**
   * Discovery true to behaviour, for every type /ResourceTypes lists (User, Group, Device): a
   * resource built from the advertised required attributes is created, and every attribute
   * advertised {@code uniqueness: server} is refused a second time (409 uniqueness).
   */
  @Test
  void everyAdvertisedUniqueAttributeIsEnforced() {
    ScimClient c = fixture.orgA();
    int checked = 0;
    for (JsonNode type : c.get("/ResourceTypes").json().path("Resources")) {
      String endpoint = type.path("endpoint").asText();
      String urn = type.path("schema").asText();
      JsonNode schema = c.get("/Schemas/" + urn).json();
      List<String> required = new ArrayList<>();
      List<String> unique = new ArrayList<>();
      for (JsonNode a : schema.path("attributes")) {
        if (a.path("required").asBoolean() && a.path("type").asText().equals("string")) {
          required.add(a.path("name").asText());
        }
        if (a.path("uniqueness").asText().equals("server")) {
          unique.add(a.path("name").asText());
        }
      }
      assertFalse(unique.isEmpty(), type.toString());
      for (String u : unique) {
        String value = unique("u");
        ObjectNode first = resource(urn, required);
        first.put(u, value);
        created(c.post(endpoint, first.toString()));
        ObjectNode second = resource(urn, required);
        second.put(u, value.toUpperCase());
        assertScimError(c.post(endpoint, second.toString()), 409, "uniqueness");
        checked++;
      }
    }
    assertEquals(3, checked, "userName, displayName, serialNumber");
  }

  /**
   * Group members as a client builds them from /Schemas (scim2-tester does): each advertised member
   * type ({@code type} canonicalValues, {@code $ref} referenceTypes) is accepted; a type the schema
   * does not advertise (a nested group) is refused.
   */
  @Test
  void groupMembersAreBuiltFromTheAdvertisement() {
    ScimClient c = fixture.orgA();
    JsonNode members = null;
    for (JsonNode a :
        c.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").json().path("attributes")) {
      if (a.path("name").asText().equals("members")) {
        members = a;
      }
    }
    List<String> types = new ArrayList<>();
    List<String> refTypes = new ArrayList<>();
    for (JsonNode sub : members.path("subAttributes")) {
      if (sub.path("name").asText().equals("type")) {
        sub.path("canonicalValues").forEach(v -> types.add(v.asText()));
      }
      if (sub.path("name").asText().equals("$ref")) {
        sub.path("referenceTypes").forEach(v -> refTypes.add(v.asText()));
      }
    }
    assertEquals(List.of("User"), types);
    assertEquals(types, refTypes, "the same types both ways");
    for (String memberType : types) {
      JsonNode rt = c.get("/ResourceTypes/" + memberType).json();
      String memberId =
          created(
              c.post(
                  rt.path("endpoint").asText(),
                  resource(rt.path("schema").asText(), List.of("userName")).toString()));
      ObjectNode group = resource("urn:ietf:params:scim:schemas:core:2.0:Group", List.of());
      group.put("displayName", unique("g"));
      group
          .putArray("members")
          .addObject()
          .put("value", memberId)
          .put("type", memberType)
          .put("$ref", fixture.endpoint.baseUrl() + rt.path("endpoint").asText() + "/" + memberId);
      ScimClient.Response r = c.post("/Groups", group.toString());
      String groupId = created(r);
      assertEquals(memberId, r.json().path("members").path(0).path("value").asText());
      assertEquals(memberType, r.json().path("members").path(0).path("type").asText());

      ObjectNode nested = resource("urn:ietf:params:scim:schemas:core:2.0:Group", List.of());
      nested.put("displayName", unique("nested"));
      nested.putArray("members").addObject().put("value", groupId).put("type", "Group");
      assertScimError(c.post("/Groups", nested.toString()), 400, "invalidValue");
    }
  }

  private static ObjectNode resource(String urn, List<String> required) {
    ObjectNode r = Json.object();
    r.putArray("schemas").add(urn);
    required.forEach(a -> r.put(a, unique(a)));
    return r;
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("Resources").forEach(r -> out.add(r.path("id").asText()));
    return out;
  }
}
