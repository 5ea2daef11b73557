package dev.scimserverless.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributeResolver;
import dev.scimserverless.core.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** sortBy/sortOrder semantics (RFC 7644 §3.4.2.3) of {@link SortSpec}, without a store. */
class QuerySortTest {
  private static final AttributeResolver USER =
      SchemaRegistry.standard().resolver(ResourceType.USER);

  private static ObjectNode user(String id, String json) {
    ObjectNode n = Json.parseObject(json);
    n.put("id", id);
    return n;
  }

  /** The ids of the users in the order of the sort. */
  private static String sorted(String sortBy, boolean descending, List<ObjectNode> users) {
    SortSpec spec = SortSpec.of(sortBy, descending, USER);
    List<SortSpec.SortPosition> positions = new ArrayList<>();
    for (ObjectNode u : users) {
      positions.add(new SortSpec.SortPosition(spec.key(u), u.path("id").asText()));
    }
    positions.sort(spec.order());
    return positions.stream().map(SortSpec.SortPosition::id).collect(Collectors.joining(","));
  }

  @Test
  void caseInsensitiveAttributesSortIgnoringCaseAndCaseExactOnesDoNot() {
    List<ObjectNode> users =
        List.of(
            user("a", "{\"userName\":\"bob\",\"externalId\":\"b\"}"),
            user("b", "{\"userName\":\"Alice\",\"externalId\":\"B\"}"),
            user("c", "{\"userName\":\"carol\",\"externalId\":\"a\"}"));
    assertEquals("b,a,c", sorted("userName", false, users));
    assertEquals("c,a,b", sorted("userName", true, users));
    // externalId is caseExact: "B" < "a" < "b" by code point
    assertEquals("b,c,a", sorted("externalId", false, users));
  }

  @Test
  void resourcesWithoutAValueSortLastAscendingAndFirstDescending() {
    List<ObjectNode> users =
        List.of(
            user("1", "{\"title\":\"b\"}"),
            user("2", "{}"),
            user("3", "{\"title\":\"a\"}"),
            user("4", "{\"title\":\"\"}"),
            user("5", "{\"title\":null}"));
    assertEquals("3,1,2,4,5", sorted("title", false, users));
    assertEquals("5,4,2,1,3", sorted("title", true, users));
  }

  @Test
  void multiValuedAttributesSortByThePrimaryElseTheFirstValue() {
    List<ObjectNode> users =
        List.of(
            user("p", "{\"emails\":[{\"value\":\"z@x\"},{\"value\":\"a@x\",\"primary\":true}]}"),
            user("f", "{\"emails\":[{\"value\":\"m@x\"},{\"value\":\"b@x\"}]}"),
            user("n", "{\"emails\":[]}"));
    assertEquals("p,f,n", sorted("emails.value", false, users));
    assertEquals("p,f,n", sorted("emails", false, users), "a complex attribute sorts by value");
    assertEquals("p,f,n", sorted("EMAILS.VALUE", false, users));
  }

  @Test
  void numbersDateTimesAndBooleansSortByTheirType() {
    List<ObjectNode> users =
        List.of(
            user(
                "x",
                "{\"active\":true,\"meta\":{\"created\":\"2024-01-02T00:00:00.5Z\"},"
                    + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":"
                    + "{\"employeeNumber\":\"10\"}}"),
            user(
                "y",
                "{\"active\":false,\"meta\":{\"created\":\"2024-01-02T00:00:00.25+00:00\"},"
                    + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":"
                    + "{\"employeeNumber\":\"9\"}}"),
            user("z", "{\"meta\":{\"created\":\"2023-12-31T23:00:00-02:00\"}}"));
    assertEquals("y,x,z", sorted("active", false, users));
    // 2023-12-31T23:00-02:00 is 2024-01-01T01:00Z, before both others
    assertEquals("z,y,x", sorted("meta.created", false, users));
    // employeeNumber is a string: "10" < "9"
    assertEquals(
        "x,y,z",
        sorted(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            false,
            users));
  }

  @Test
  void tiesAreBrokenByIdInBothOrders() {
    List<ObjectNode> users =
        List.of(user("b", "{\"title\":\"t\"}"), user("a", "{\"title\":\"T\"}"));
    assertEquals("a,b", sorted("title", false, users));
    assertEquals("b,a", sorted("title", true, users));
  }

  @Test
  void codePointOrderMatchesDynamoDbsByteOrder() {
    // U+FFFD sorts before U+1F600 by code point (and UTF-8 bytes), after it by UTF-16 units
    List<ObjectNode> users =
        List.of(
            user("emoji", "{\"userName\":\"\\uD83D\\uDE00\"}"),
            user("fffd", "{\"userName\":\"\\uFFFD\"}"));
    assertEquals("fffd,emoji", sorted("userName", false, users));
  }

  @Test
  void keysOfTheUniqueAttributeAreWhatTheIndexHolds() {
    SortSpec spec = SortSpec.of("urn:ietf:params:scim:schemas:core:2.0:User:UserName", false, USER);
    assertTrue(spec.isCoreAttribute("userName", ResourceType.USER.schema()));
    JsonNode key = spec.key(user("1", "{\"userName\":\"BJensen\"}"));
    assertEquals(KeyPolicy.normalize("BJensen"), key.textValue());
  }

  @Test
  void sortByWhatIsNoSingleValueIsInvalid() {
    for (String bad : List.of("shoeSize", "name", "urn:x:y:z", "emails[type eq \"w\"]", "a..b")) {
      ScimException e = assertThrows(ScimException.class, () -> SortSpec.of(bad, false, USER));
      assertEquals(ScimType.invalidValue, e.scimType().orElseThrow(), bad);
    }
  }
}
