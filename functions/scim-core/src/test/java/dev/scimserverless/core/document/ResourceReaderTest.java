package dev.scimserverless.core.document;

import static dev.scimserverless.core.document.RfcExamples.CORE_GROUP;
import static dev.scimserverless.core.document.RfcExamples.CORE_USER;
import static dev.scimserverless.core.document.RfcExamples.ENTERPRISE;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaJson;
import dev.scimserverless.core.schema.SchemaRegistry;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceReaderTest {
  private final ResourceReader reader = ResourceReader.standard();

  private ReadResult readUser(String json) {
    return reader.read(ResourceType.USER, Json.parseObject(json));
  }

  private static ScimException invalid(Runnable r) {
    ScimException e = assertThrows(ScimException.class, r::run);
    assertEquals(400, e.status());
    assertEquals(Optional.of(ScimType.invalidValue), e.scimType());
    return e;
  }

  // ---- RFC examples ----

  @Test
  void fullUserRoundTripKeepsEveryWritableAttribute() {
    ObjectNode input = RfcExamples.fullUser();
    ReadResult result = reader.read(ResourceType.USER, input);

    ObjectNode expected = RfcExamples.fullUser();
    expected.remove(List.of("id", "meta", "password", "groups"));
    assertEquals(expected, result.document());
    assertEquals(List.of(), result.ignoredAttributes());
    assertFalse(result.document().toString().contains("t1meMa$heen"), "the password is dropped");
    assertEquals(RfcExamples.fullUser(), input, "the input is not modified");
  }

  @Test
  void canonicalDocumentReadsToItself() {
    ObjectNode once = reader.read(ResourceType.USER, RfcExamples.enterpriseUser()).document();
    assertEquals(once, reader.read(ResourceType.USER, once.deepCopy()).document());
  }

  @Test
  void enterpriseUserKeepsTheExtensionAndDropsReadOnlyManagerDisplayName() {
    ReadResult result = reader.read(ResourceType.USER, RfcExamples.enterpriseUser());
    ObjectNode doc = result.document();
    assertEquals(Json.array().add(CORE_USER).add(ENTERPRISE), doc.get("schemas"));
    JsonNode enterprise = doc.get(ENTERPRISE);
    assertEquals("701984", enterprise.path("employeeNumber").asText());
    assertEquals("Tour Operations", enterprise.path("department").asText());
    assertEquals(
        Json.parseObject(
            """
            {"value": "26118915-6090-4610-87e4-49d8ca9f808d",
             "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d"}
            """),
        enterprise.get("manager"));
    assertEquals(List.of(), result.ignoredAttributes());
  }

  @Test
  void groupKeepsMembersWithoutTheirReadOnlyDisplay() {
    ReadResult result = reader.read(ResourceType.GROUP, RfcExamples.group());
    assertEquals(
        Json.parseObject(
            """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
              "displayName": "Tour Guides",
              "members": [
                {"value": "2819c223-7f76-453a-919d-413861904646",
                 "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"},
                {"value": "902c246b-6245-4190-8e05-00816be7344a",
                 "$ref": "https://example.com/v2/Users/902c246b-6245-4190-8e05-00816be7344a"}
              ]
            }
            """),
        result.document());
    assertEquals(List.of(), result.ignoredAttributes());
  }

  // ---- IdP leniency ----

  @Test
  void entraCreateUserIsAccepted() {
    ReadResult result =
        readUser(
            """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
              "userName": "Test_User_ab6490ee@testuser.com",
              "active": "True",
              "emails": [{"primary": "true", "type": "work", "value": "Test_User_fd0ea19b@testuser.com"}],
              "meta": {"resourceType": "User"},
              "name": {"formatted": "givenName familyName", "familyName": "familyName",
                       "givenName": "givenName"},
              "roles": [],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "7",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": "mgr-1"
            }
            """);
    ObjectNode doc = result.document();
    assertEquals(Json.array().add(CORE_USER).add(ENTERPRISE), doc.get("schemas"));
    assertTrue(doc.get("active").isBoolean());
    assertTrue(doc.get("active").booleanValue());
    assertTrue(doc.at("/emails/0/primary").isBoolean());
    assertFalse(doc.has("roles"), "empty multi-valued attributes are unassigned");
    assertFalse(doc.has("meta"));
    assertEquals(
        Json.parseObject("{\"employeeNumber\": \"7\", \"manager\": {\"value\": \"mgr-1\"}}"),
        doc.get(ENTERPRISE));
    assertEquals(List.of(), result.ignoredAttributes());
  }

  @Test
  void stringBooleansInAnyCase() {
    assertFalse(
        readUser("{\"userName\":\"a\",\"active\":\"False\"}")
            .document()
            .get("active")
            .booleanValue());
    assertTrue(
        readUser("{\"userName\":\"a\",\"active\":\" TRUE \"}")
            .document()
            .get("active")
            .booleanValue());
    assertFalse(
        readUser("{\"userName\":\"a\",\"active\":false}").document().get("active").booleanValue());
    invalid(() -> readUser("{\"userName\":\"a\",\"active\":\"yes\"}"));
    invalid(() -> readUser("{\"userName\":\"a\",\"active\":1}"));
  }

  @Test
  void namesAreMatchedCaseInsensitivelyAndCanonicalised() {
    ReadResult result =
        readUser(
            """
            {
              "SCHEMAS": ["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER"],
              "USERNAME": "bjensen",
              "Name": {"GIVENNAME": "Barbara", "familyname": "Jensen"},
              "EMAILS": [{"VALUE": "b@example.com", "Type": "work", "PRIMARY": true}],
              "ExternalID": "e1",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"DEPARTMENT": "Tours"}
            }
            """);
    assertEquals(
        Json.parseObject(
            """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "externalId": "e1",
              "userName": "bjensen",
              "name": {"familyName": "Jensen", "givenName": "Barbara"},
              "emails": [{"value": "b@example.com", "type": "work", "primary": true}],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Tours"}
            }
            """),
        result.document());
    assertEquals(List.of(), result.ignoredAttributes());
  }

  @Test
  void urnQualifiedAttributesAreMovedWhereTheyBelong() {
    ObjectNode doc =
        readUser(
                """
                {
                  "urn:ietf:params:scim:schemas:core:2.0:User:userName": "bjensen",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"costCenter": "1"},
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "7",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value": "m1"
                }
                """)
            .document();
    assertEquals("bjensen", doc.get("userName").asText());
    assertEquals(
        Json.parseObject(
            "{\"employeeNumber\": \"7\", \"costCenter\": \"1\", \"manager\": {\"value\": \"m1\"}}"),
        doc.get(ENTERPRISE));
  }

  @Test
  void unknownAttributesAreDroppedAndReported() {
    ReadResult result =
        readUser(
            """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:custom:1.0"],
              "userName": "bjensen",
              "favouriteColour": "blue",
              "name": {"givenName": "Barbara", "nickname": "Babs"},
              "urn:example:custom:1.0:User": {"badge": 1},
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"shoeSize": 42},
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:hatSize": 7
            }
            """);
    assertEquals(
        Json.parseObject(
            """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
             "userName": "bjensen", "name": {"givenName": "Barbara"}}
            """),
        result.document());
    assertEquals(
        List.of(
            "urn:example:custom:1.0",
            "favouriteColour",
            "urn:example:custom:1.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:hatSize",
            "name.nickname"),
        result.ignoredAttributes());
  }

  @Test
  void nullsIdMetaAndEmptyValuesAreDroppedSilently() {
    ReadResult result =
        readUser(
            """
            {
              "id": "client-chosen",
              "meta": {"version": "W/\\"1\\""},
              "userName": "bjensen",
              "displayName": null,
              "name": {"givenName": null},
              "emails": [{"value": null, "type": null}, {"value": "b@example.com", "$ref": null}],
              "phoneNumbers": null,
              "photos": [],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": null},
              "groups": [{"value": "g1"}]
            }
            """);
    assertEquals(
        Json.parseObject(
            """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
             "userName": "bjensen", "emails": [{"value": "b@example.com"}]}
            """),
        result.document());
    assertEquals(List.of(), result.ignoredAttributes(), "nulls are dropped before anything else");
  }

  @Test
  void passwordIsDroppedNeverStoredNorReported() {
    ReadResult result = readUser("{\"userName\":\"a\",\"PassWord\":\"s3cret\"}");
    assertFalse(result.document().has("password"));
    assertFalse(result.document().toString().contains("s3cret"));
    assertEquals(List.of(), result.ignoredAttributes());
  }

  @Test
  void managerAsBareString() {
    ObjectNode doc =
        readUser(
                """
                {"userName": "a",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "m-42"}}
                """)
            .document();
    assertEquals(
        Json.parseObject("{\"value\":\"m-42\"}"), doc.at("/" + escape(ENTERPRISE) + "/manager"));
    ObjectNode cleared =
        readUser(
                """
                {"userName": "a",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": ""}}
                """)
            .document();
    assertFalse(cleared.has(ENTERPRISE));
    assertEquals(Json.array().add(CORE_USER), cleared.get("schemas"));
  }

  private static String escape(String pointerSegment) {
    return pointerSegment.replace("~", "~0").replace("/", "~1");
  }

  @Test
  void onlyTheFirstPrimaryStaysPrimary() {
    ObjectNode doc =
        readUser(
                """
                {"userName": "a", "emails": [
                  {"value": "1@x", "primary": false},
                  {"value": "2@x", "primary": true},
                  {"value": "3@x", "primary": "True"}]}
                """)
            .document();
    assertFalse(doc.at("/emails/0/primary").booleanValue());
    assertTrue(doc.at("/emails/1/primary").booleanValue());
    assertFalse(doc.at("/emails/2/primary").booleanValue());
  }

  // ---- shapes and types ----

  @Test
  void singleValueForMultiValuedIsWrapped() {
    ObjectNode doc = readUser("{\"userName\":\"a\",\"emails\":{\"value\":\"a@x\"}}").document();
    assertEquals(Json.parseObject("{\"e\":[{\"value\":\"a@x\"}]}").get("e"), doc.get("emails"));
  }

  @Test
  void arrayOfOneForSingleValuedIsUnwrapped() {
    ObjectNode doc = readUser("{\"userName\":[\"a\"],\"name\":[{\"givenName\":\"B\"}]}").document();
    assertEquals("a", doc.get("userName").asText());
    assertEquals("B", doc.at("/name/givenName").asText());
    assertEquals(
        "Attribute 'userName' is single-valued but 2 values were given.",
        invalid(() -> readUser("{\"userName\":[\"a\",\"b\"]}")).detail());
  }

  @Test
  void numbersAndBooleansForStringsBecomeText() {
    ObjectNode doc =
        readUser(
                """
                {"userName": 12345, "title": true,
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": 7}}
                """)
            .document();
    assertEquals(Json.parseObject("{\"v\":\"12345\"}").get("v"), doc.get("userName"));
    assertEquals("true", doc.get("title").textValue());
    assertEquals("7", doc.get(ENTERPRISE).get("employeeNumber").textValue());
  }

  @Test
  void wrongShapesAreInvalidValue() {
    assertEquals(
        "Attribute 'displayName' must be a string.",
        invalid(() -> readUser("{\"userName\":\"a\",\"displayName\":{\"x\":1}}")).detail());
    assertEquals(
        "Attribute 'name' must be a complex value (a JSON object).",
        invalid(() -> readUser("{\"userName\":\"a\",\"name\":\"Barbara\"}")).detail());
    invalid(() -> readUser("{\"userName\":\"a\",\"emails\":[\"a@x\"]}"));
    invalid(() -> readUser("{\"userName\":\"a\",\"name\":{\"givenName\":[\"a\",\"b\"]}}"));
    invalid(
        () ->
            readUser(
                "{\"userName\":\"a\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":\"x\"}"));
  }

  @Test
  void canonicalValuesAreNotEnforced() {
    ObjectNode doc =
        readUser("{\"userName\":\"a\",\"emails\":[{\"value\":\"a@x\",\"type\":\"custom\"}]}")
            .document();
    assertEquals("custom", doc.at("/emails/0/type").asText());
  }

  // ---- required ----

  @Test
  void missingUserNameIs400() {
    ScimException e = invalid(() -> readUser("{\"displayName\":\"Babs\"}"));
    assertEquals("Attribute 'userName' is required.", e.detail());
    invalid(() -> readUser("{\"userName\":\"  \"}"));
    invalid(() -> readUser("{\"userName\":null}"));
  }

  @Test
  void missingGroupDisplayNameIs400() {
    ScimException e =
        invalid(() -> reader.read(ResourceType.GROUP, Json.parseObject("{\"members\":[]}")));
    assertEquals("Attribute 'displayName' is required.", e.detail());
  }

  @Test
  void groupIgnoresUserAttributes() {
    ReadResult result =
        reader.read(
            ResourceType.GROUP,
            Json.parseObject(
                "{\"displayName\":\"G\",\"userName\":\"x\",\"schemas\":[\"" + CORE_GROUP + "\"]}"));
    assertEquals(List.of("userName"), result.ignoredAttributes());
    assertEquals(Json.array().add(CORE_GROUP), result.document().get("schemas"));
  }

  // ---- other types and immutability, on a custom schema ----

  private static final String CUSTOM =
      """
      {"id": "urn:ietf:params:scim:schemas:core:2.0:User", "name": "User", "description": "Test",
       "attributes": [
         {"name": "userName", "required": true, "uniqueness": "server"},
         {"name": "level", "type": "integer"},
         {"name": "score", "type": "decimal"},
         {"name": "hired", "type": "dateTime"},
         {"name": "badge", "mutability": "immutable"},
         {"name": "rate", "type": "decimal", "mutability": "immutable"},
         {"name": "started", "type": "dateTime", "mutability": "immutable"},
         {"name": "code", "caseExact": true, "mutability": "immutable"},
         {"name": "tags", "multiValued": true},
         {"name": "card", "type": "complex", "subAttributes": [
           {"name": "number", "mutability": "immutable"},
           {"name": "label"}]},
         {"name": "secret", "mutability": "writeOnly", "returned": "never"}
       ]}
      """;

  private static final String GROUP_SCHEMA =
      "{\"id\": \"urn:ietf:params:scim:schemas:core:2.0:Group\","
          + " \"attributes\": [{\"name\": \"displayName\", \"uniqueness\": \"server\"}]}";

  private static ResourceReader customReader() {
    SchemaRegistry registry =
        SchemaRegistry.of(
            List.of(
                SchemaJson.readSchema(Json.parseObject(CUSTOM)),
                SchemaJson.readSchema(Json.parseObject(GROUP_SCHEMA))),
            List.of(),
            List.of(
                SchemaRegistry.standard()
                    .resourceType(ResourceType.USER)
                    .withSchemaExtensions(List.of()),
                SchemaRegistry.standard().resourceType(ResourceType.GROUP)));
    return new ResourceReader(registry);
  }

  private static ReadResult readCustom(String json) {
    return customReader().read(ResourceType.USER, Json.parseObject(json));
  }

  @Test
  void integersAndDecimalsFromNumbersAndStrings() {
    ObjectNode doc =
        readCustom("{\"userName\":\"a\",\"level\":\"42\",\"score\":\"1.25\"}").document();
    assertEquals(42, doc.get("level").intValue());
    assertTrue(doc.get("level").isIntegralNumber());
    assertEquals(new BigDecimal("1.25"), doc.get("score").decimalValue());
    assertEquals(
        7, readCustom("{\"userName\":\"a\",\"level\":7.0}").document().get("level").intValue());
    assertEquals(
        3_000_000_000L,
        readCustom("{\"userName\":\"a\",\"level\":\"3000000000\"}")
            .document()
            .get("level")
            .longValue());
    assertTrue(readCustom("{\"userName\":\"a\",\"score\":2}").document().get("score").isNumber());
    invalid(() -> readCustom("{\"userName\":\"a\",\"level\":\"4.5\"}"));
    invalid(() -> readCustom("{\"userName\":\"a\",\"level\":\"many\"}"));
    invalid(() -> readCustom("{\"userName\":\"a\",\"level\":true}"));
    invalid(() -> readCustom("{\"userName\":\"a\",\"score\":\"NaN\"}"));
  }

  @Test
  void dateTimesMustBeIso8601() {
    for (String valid :
        List.of("2010-01-23T04:56:22Z", "2010-01-23T04:56:22.123+02:00", "2010-01-23T04:56:22")) {
      assertEquals(
          valid,
          readCustom("{\"userName\":\"a\",\"hired\":\"" + valid + "\"}")
              .document()
              .get("hired")
              .asText());
    }
    for (String invalid :
        List.of("\"2010-01-23\"", "\"yesterday\"", "\"2010-13-01T00:00:00Z\"", "20100123")) {
      ScimException e = invalid(() -> readCustom("{\"userName\":\"a\",\"hired\":" + invalid + "}"));
      assertTrue(e.detail().startsWith("Attribute 'hired' must be an xsd:dateTime"), e.detail());
    }
  }

  @Test
  void multiValuedSimpleAttributes() {
    assertEquals(
        Json.parseObject("{\"t\":[\"x\"]}").get("t"),
        readCustom("{\"userName\":\"a\",\"tags\":\"x\"}").document().get("tags"));
    assertEquals(
        Json.parseObject("{\"t\":[\"x\",\"1\"]}").get("t"),
        readCustom("{\"userName\":\"a\",\"tags\":[\"x\",null,1]}").document().get("tags"));
  }

  @Test
  void otherWriteOnlyAttributesAreNotStoredButReported() {
    ReadResult result = readCustom("{\"userName\":\"a\",\"secret\":\"x\"}");
    assertFalse(result.document().has("secret"));
    assertEquals(List.of("secret"), result.ignoredAttributes());
  }

  @Test
  void immutableAttributesCannotChange() {
    ResourceReader custom = customReader();
    ObjectNode before =
        custom
            .read(
                ResourceType.USER,
                Json.parseObject(
                    "{\"userName\":\"a\",\"badge\":\"B1\",\"card\":{\"number\":\"N1\"}}"))
            .document();
    ObjectNode same =
        custom
            .read(
                ResourceType.USER,
                Json.parseObject(
                    "{\"userName\":\"b\",\"badge\":\"b1\",\"card\":{\"number\":\"n1\",\"label\":\"x\"}}"))
            .document();
    assertDoesNotThrow(() -> custom.checkImmutable(ResourceType.USER, before, same));

    ObjectNode omitted =
        custom.read(ResourceType.USER, Json.parseObject("{\"userName\":\"a\"}")).document();
    assertDoesNotThrow(() -> custom.checkImmutable(ResourceType.USER, before, omitted));

    ObjectNode unsetBefore =
        custom.read(ResourceType.USER, Json.parseObject("{\"userName\":\"a\"}")).document();
    assertDoesNotThrow(() -> custom.checkImmutable(ResourceType.USER, unsetBefore, before));

    ObjectNode changed = before.deepCopy().put("badge", "B2");
    ScimException e =
        assertThrows(
            ScimException.class, () -> custom.checkImmutable(ResourceType.USER, before, changed));
    assertEquals(400, e.status());
    assertEquals(Optional.of(ScimType.mutability), e.scimType());
    assertEquals("Attribute 'badge' is immutable and cannot be changed.", e.detail());

    ObjectNode changedSub = before.deepCopy();
    changedSub.withObject("/card").put("number", "N2");
    assertEquals(
        "Attribute 'card.number' is immutable and cannot be changed.",
        assertThrows(
                ScimException.class,
                () -> custom.checkImmutable(ResourceType.USER, before, changedSub))
            .detail());
  }

  /**
   * Immutable values are compared as SCIM values (ScimValues.equal): numbers numerically, dateTimes
   * as instants, caseExact strings exactly (before, numbers and dateTimes compared as JSON text).
   */
  @Test
  void immutableValuesCompareAsScimValues() {
    ResourceReader custom = customReader();
    ObjectNode before =
        custom
            .read(
                ResourceType.USER,
                Json.parseObject(
                    "{\"userName\":\"a\",\"rate\":1.50,\"started\":\"2015-09-01T12:00:00Z\","
                        + "\"code\":\"Ab\"}"))
            .document();
    ObjectNode same =
        custom
            .read(
                ResourceType.USER,
                Json.parseObject(
                    "{\"userName\":\"a\",\"rate\":\"1.5\","
                        + "\"started\":\"2015-09-01T14:00:00+02:00\",\"code\":\"Ab\"}"))
            .document();
    assertDoesNotThrow(() -> custom.checkImmutable(ResourceType.USER, before, same));
    for (String changed :
        List.of("\"rate\":1.51", "\"started\":\"2015-09-01T12:00:01Z\"", "\"code\":\"AB\"")) {
      ObjectNode next =
          custom
              .read(ResourceType.USER, Json.parseObject("{\"userName\":\"a\"," + changed + "}"))
              .document();
      ScimException e =
          assertThrows(
              ScimException.class,
              () -> custom.checkImmutable(ResourceType.USER, before, next),
              changed);
      assertEquals(Optional.of(ScimType.mutability), e.scimType());
    }
  }

  @Test
  void groupMembersMayBeReplaced() {
    ObjectNode before = reader.read(ResourceType.GROUP, RfcExamples.group()).document();
    ObjectNode after =
        reader
            .read(
                ResourceType.GROUP,
                Json.parseObject("{\"displayName\":\"T\",\"members\":[{\"value\":\"x\"}]}"))
            .document();
    assertDoesNotThrow(() -> reader.checkImmutable(ResourceType.GROUP, before, after));
  }
}
