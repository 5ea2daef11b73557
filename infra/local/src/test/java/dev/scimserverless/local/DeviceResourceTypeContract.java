package dev.scimserverless.local;

import static dev.scimserverless.local.ScimClient.q;
import static dev.scimserverless.local.UsersFlowContract.assertScimError;
import static dev.scimserverless.local.UsersFlowContract.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * uniqueness of {@code serialNumber}, DELETE, the audit trail, and {@code POST /.search}.
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

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("Resources").forEach(r -> out.add(r.path("id").asText()));
    return out;
  }
}
