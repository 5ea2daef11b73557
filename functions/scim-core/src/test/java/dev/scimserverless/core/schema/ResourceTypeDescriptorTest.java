package dev.scimserverless.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.change.ProvisioningChange;
import dev.scimserverless.core.change.ProvisioningChange.Operation;
import dev.scimserverless.core.events.ProvisioningEvent;
import dev.scimserverless.core.events.ProvisioningEvents;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.service.KeyPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The resource-type descriptor: what it is read from, what it drives, and loud failures. */
class ResourceTypeDescriptorTest {
  static final String PRINTER = "urn:example:params:scim:schemas:test:2.0:Printer";

  static ObjectNode printerType() {
    return Json.parseObject(
        """
        {"id":"Printer","name":"Printer","endpoint":"/Printers","schema":"%s",
         "descriptor":{"uniqueKey":{"attribute":"assetTag","maxLength":20}}}
        """
            .formatted(PRINTER));
  }

  static ObjectNode printerSchema() {
    return Json.parseObject(
        """
        {"id":"%s","name":"Printer","attributes":[
          {"name":"assetTag","required":true,"uniqueness":"server"},{"name":"location"}]}
        """
            .formatted(PRINTER));
  }

  @Test
  void theStandardDescriptorsComeFromResourceTypesJson() {
    SchemaRegistry r = SchemaRegistry.standard();
    ResourceTypeDescriptor user = r.resourceType(ResourceType.USER);
    assertEquals("userName", user.uniqueKey().attribute());
    assertEquals(256, user.uniqueKey().maxLength());
    assertEquals(List.of("externalId"), user.lookupKeys());
    assertEquals("UsersFunction", user.function());
    assertEquals(List.of("/Users", "/Users/{id}", "/.search"), user.routes());
    ResourceTypeDescriptor group = r.resourceType(ResourceType.GROUP);
    assertEquals(new ResourceTypeDescriptor.KeyAttribute("displayName", 100), group.uniqueKey());
    assertEquals(ResourceType.Membership.MEMBER, ResourceType.USER.membership());
    assertEquals(ResourceType.Membership.GROUP, ResourceType.GROUP.membership());
    assertEquals(List.of(ResourceType.USER, ResourceType.GROUP), r.types());
  }

  @Test
  void anAddedTypeTakesTheDefaultsAndDrivesTheKeys() {
    SchemaRegistry r = SchemaRegistry.standard().withResourceType(printerType(), printerSchema());
    ResourceType printer = ResourceType.named("Printer");
    assertSame(printer, r.resourceType("printer").orElseThrow());
    ResourceTypeDescriptor d = r.resourceType(printer);
    assertEquals(ResourceType.Membership.NONE, printer.membership());
    assertEquals("PrintersFunction", d.function());
    assertEquals(List.of("/Printers", "/Printers/{id}"), d.routes());
    assertEquals(List.of("externalId"), d.lookupKeys());
    assertEquals(List.of(ResourceType.USER, ResourceType.GROUP, printer), r.types());

    KeyPolicy keys = new KeyPolicy(printer, r);
    assertEquals("assetTag", keys.uniqueAttribute());
    ObjectNode doc = Json.parseObject("{\"assetTag\":\"AT-1\",\"externalId\":\"x\"}");
    assertEquals(Map.of("assetTag", "at-1"), keys.uniqueKeys(doc));
    assertEquals(Map.of("externalId", "x"), keys.lookupKeys(doc));
    assertThrows(
        RuntimeException.class,
        () -> keys.uniqueKeys(Json.parseObject("{\"assetTag\":\"" + "a".repeat(21) + "\"}")));
    // the descriptor member is never served
    assertTrue(!r.resourceTypeJson(printer).has("descriptor"));
  }

  @Test
  void eventsOfAnAddedTypeAreNamedByIt() {
    SchemaRegistry.standard().withResourceType(printerType(), printerSchema());
    ResourceType printer = ResourceType.named("Printer");
    List<String> types = new java.util.ArrayList<>();
    for (Operation op : List.of(Operation.CREATE, Operation.PATCH, Operation.DELETE)) {
      ProvisioningChange c =
          new ProvisioningChange(
              "c1",
              Instant.EPOCH,
              "acme",
              printer,
              "p1",
              op,
              List.of("location"),
              List.of(),
              List.of(),
              List.of(),
              1,
              Optional.empty(),
              Optional.empty(),
              op == Operation.DELETE ? Optional.empty() : Optional.of("{\"id\":\"p1\"}"),
              "tok",
              "req");
      ProvisioningEvents.of(c).stream().map(ProvisioningEvent::type).forEach(types::add);
    }
    assertEquals(List.of("printer.created", "printer.updated", "printer.deleted"), types);
  }

  @Test
  void unknownTypesFailLoudly() {
    assertThrows(IllegalArgumentException.class, () -> ResourceType.named("Nothing"));
    assertThrows(IllegalArgumentException.class, () -> ResourceType.named("user"));
    ResourceType scanner =
        ResourceType.define(
            "Scanner", "/Scanners", "urn:example:Scanner", ResourceType.Membership.NONE);
    SchemaRegistry standard = SchemaRegistry.standard();
    assertThrows(IllegalStateException.class, () -> standard.resourceType(scanner));
    assertThrows(IllegalStateException.class, () -> standard.resolver(scanner));
    assertThrows(IllegalStateException.class, () -> new KeyPolicy(scanner, standard));
    assertThrows(
        IllegalStateException.class,
        () ->
            new dev.scimserverless.core.document.ResourceReader(standard)
                .read(scanner, Json.object()));
    // a type cannot be redefined differently (its name is in every store key)
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ResourceType.define(
                "User",
                "/Users",
                "urn:ietf:params:scim:schemas:core:2.0:User",
                ResourceType.Membership.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> ResourceType.define("A#B", "/AB", "urn:x", ResourceType.Membership.NONE));
  }

  @Test
  void malformedDescriptorsNameTheField() {
    assertMessage("descriptor: an object is required", t -> t.remove("descriptor"));
    assertMessage(
        "descriptor.uniqueKey: attribute",
        t -> ((ObjectNode) t.get("descriptor")).remove("uniqueKey"));
    assertMessage(
        "descriptor.memberships 'sometimes'",
        t -> ((ObjectNode) t.get("descriptor")).put("memberships", "sometimes"));
    assertMessage(
        "location2 is not an attribute",
        t ->
            ((ObjectNode) t.get("descriptor"))
                .putObject("uniqueKey")
                .put("attribute", "location2"));
    // discovery true to behaviour: the schema advertises exactly the key the store keeps unique
    ObjectNode locationUnique = printerSchema();
    ((ObjectNode) locationUnique.path("attributes").path(1)).put("uniqueness", "server");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SchemaRegistry.standard().withResourceType(printerType(), locationUnique));
    assertTrue(e.getMessage().contains("advertises location unique"), e.getMessage());
    ObjectNode tagNotUnique = printerSchema();
    ((ObjectNode) tagNotUnique.path("attributes").path(0)).put("uniqueness", "none");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SchemaRegistry.standard().withResourceType(printerType(), tagNotUnique));
    assertTrue(e.getMessage().contains("advertises assetTag not unique"), e.getMessage());
    SchemaRegistry once =
        SchemaRegistry.standard().withResourceType(printerType(), printerSchema());
    assertThrows(
        IllegalArgumentException.class,
        () -> once.withResourceType(printerType(), printerSchema()));
  }

  private static void assertMessage(
      String expected, java.util.function.Consumer<ObjectNode> change) {
    ObjectNode type = printerType();
    change.accept(type);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SchemaRegistry.standard().withResourceType(type, printerSchema()));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("Printer"), e.getMessage());
  }
}
