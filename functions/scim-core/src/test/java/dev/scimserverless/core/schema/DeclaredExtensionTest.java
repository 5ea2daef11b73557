package dev.scimserverless.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.document.ResourceReader;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.service.KeyPolicy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operator-declared extension files: strict reading, placement, enforcement, keys. */
class DeclaredExtensionTest {
  private static final String ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
  private static final String FILE =
      """
      {"id": "%s", "name": "Acme",
       "attributes": [
         {"name": "costCenter", "type": "string"},
         {"name": "level", "type": "integer", "canonicalValues": ["1", "2", "3"]},
         {"name": "kind", "type": "string", "canonicalValues": ["Staff", "Contractor"]},
         {"name": "projects", "type": "string", "multiValued": true},
         {"name": "badgeId", "type": "string", "uniqueness": "server"},
         {"name": "desk", "type": "complex", "subAttributes": [
           {"name": "floor", "type": "integer", "canonicalValues": ["1", "2"]}]}]}
      """
          .formatted(ACME);

  private static SchemaRegistry registry() {
    return SchemaRegistry.standard()
        .withExtensions(List.of(DeclaredExtension.read("acme.json", FILE)));
  }

  private static String failure(String text) {
    return assertThrows(
            IllegalArgumentException.class, () -> DeclaredExtension.read("bad.json", text))
        .getMessage();
  }

  @Test
  void extendsUserByDefaultAndGroupWhenSaid() {
    SchemaRegistry r = registry();
    assertEquals(
        List.of(
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            ACME),
        r.schemaUrns(ResourceType.USER));
    assertTrue(r.isDeclared(ACME));
    assertFalse(r.isDeclared("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
    DeclaredExtension g =
        DeclaredExtension.read(
            "g.json",
            "{\"id\":\"urn:acme:Group\",\"extends\":\"Group\",\"required\":true,"
                + "\"attributes\":[{\"name\":\"owner\"}]}");
    assertEquals(ResourceType.GROUP, g.extendsType());
    assertTrue(
        SchemaRegistry.standard()
            .withExtensions(List.of(g))
            .resourceTypeJson(ResourceType.GROUP)
            .path("schemaExtensions")
            .path(0)
            .path("required")
            .asBoolean());
  }

  @Test
  void malformedFilesNameTheFileAndField() {
    assertEquals(
        "schema extension bad.json: attributes[0].type: \"strng\" is not one of string, boolean,"
            + " decimal, integer, dateTime, binary, reference, complex",
        failure("{\"id\":\"urn:a:b\",\"attributes\":[{\"name\":\"x\",\"type\":\"strng\"}]}"));
    assertTrue(failure("{\"attributes\":[]}").startsWith("schema extension bad.json: id:"));
    assertTrue(failure("{\"id\":\"acme\",\"attributes\":[{\"name\":\"x\"}]}").contains("id:"));
    assertTrue(failure("{\"id\":\"urn:a:b\"}").contains("attributes:"));
    assertTrue(failure("not json").contains("bad.json: not JSON"));
    assertTrue(
        failure("{\"id\":\"urn:a:b\",\"extends\":\"Role\",\"attributes\":[{\"name\":\"x\"}]}")
            .contains("extends:"));
    assertTrue(
        failure(
                "{\"id\":\"urn:a:b\",\"attributes\":[{\"name\":\"x\",\"type\":\"integer\","
                    + "\"canonicalValues\":[\"one\"]}]}")
            .contains("attributes[0].canonicalValues[0]: 'one' is not an integer"));
    assertTrue(
        failure(
                "{\"id\":\"urn:a:b\",\"attributes\":[{\"name\":\"x\",\"multiValued\":true,"
                    + "\"uniqueness\":\"server\"}]}")
            .contains("attributes[0].uniqueness:"));
    assertTrue(
        failure("{\"id\":\"urn:a:b\",\"attributes\":[{\"name\":\"x\",\"mutable\":true}]}")
            .contains("attributes[0].mutable: unknown characteristic"));
    assertTrue(
        failure("{\"id\":\"urn:a:b\",\"attributes\":[{\"name\":\"x\"},{\"name\":\"X\"}]}")
            .contains("attributes[1].name: 'X' is declared twice"));
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> registry().withExtensions(List.of(DeclaredExtension.read("again.json", FILE))));
    assertTrue(twice.getMessage().contains("declared twice"), twice.getMessage());
  }

  @Test
  void canonicalValuesOfDeclaredExtensionsAreEnforced() {
    ResourceReader reader = new ResourceReader(registry());
    ObjectNode ok =
        reader
            .read(
                ResourceType.USER,
                (ObjectNode)
                    Json.parse(
                        "{\"userName\":\"a\",\"%s\":{\"level\":\"2\",\"kind\":\"staff\",\"desk\":{\"floor\":1}}}"
                            .formatted(ACME)))
            .document();
    assertEquals(2, ok.path(ACME).path("level").asInt());
    for (String bad :
        List.of("{\"level\":4}", "{\"kind\":\"Intern\"}", "{\"desk\":{\"floor\":3}}")) {
      ScimException e =
          assertThrows(
              ScimException.class,
              () ->
                  reader.read(
                      ResourceType.USER,
                      (ObjectNode)
                          Json.parse("{\"userName\":\"a\",\"%s\":%s}".formatted(ACME, bad))));
      assertEquals(400, e.status());
      assertTrue(e.getMessage().contains(ACME + ":"), e.getMessage());
    }
  }

  @Test
  void uniqueExtensionAttributesAreKeys() {
    KeyPolicy keys = new KeyPolicy(ResourceType.USER, registry());
    ObjectNode doc =
        (ObjectNode)
            Json.parse("{\"userName\":\"Bjensen\",\"%s\":{\"badgeId\":\"AB-1\"}}".formatted(ACME));
    assertEquals(Map.of("userName", "bjensen", ACME + ":badgeId", "ab-1"), keys.uniqueKeys(doc));
  }

  @Test
  void packagedExtensionsAreTheFilesTheIndexNames(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path folder = Files.createDirectories(dir.resolve("schema-extensions"));
    Files.writeString(folder.resolve("acme.json"), FILE);
    Files.writeString(folder.resolve("unlisted.json"), "not even JSON");
    Files.writeString(folder.resolve("index.txt"), "# packaged extensions\n\nacme.json\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      List<DeclaredExtension> read = DeclaredExtension.readClasspath(loader);
      assertEquals(1, read.size());
      assertEquals(ACME, read.get(0).schema().id());
    }
    Files.writeString(folder.resolve("index.txt"), "missing.json\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> DeclaredExtension.readClasspath(loader));
      assertTrue(e.getMessage().contains("/schema-extensions/missing.json"), e.getMessage());
    }
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertTrue(DeclaredExtension.readClasspath(empty).isEmpty(), "no index, no extensions");
    }
  }
}
