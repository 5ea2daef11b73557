package dev.scimserverless.core.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.patch.PatchRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribute names of a change: names only, filters dropped (was the audit's derivation). */
class ChangedAttributesTest {

  @Test
  void bodiesGiveTheirTopLevelNamesAndExtensionAttributesWithTheirUrn() {
    assertEquals(
        List.of(
            "userName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"),
        ChangedAttributes.ofBody(
            Json.parse(
                """
                {"schemas":[],"userName":"a","id":"mine","meta":{},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                   {"employeeNumber":"701984","manager":{"value":"boss"}}}
                """)));
    assertEquals(List.of(), ChangedAttributes.ofBody(Json.parse("[1,2]")));
    assertEquals(List.of(), ChangedAttributes.ofBody(null));
  }

  @Test
  void patchPathsLoseTheirFiltersAndPathlessValuesGiveTheirNames() {
    String body =
        """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
          {"op":"Add","path":"emails[type eq \\"work\\" and value eq \\"a]b@x.com\\"].value","value":"x"},
          {"op":"remove","path":"members[value eq \\"2819c223\\"]"},
          {"op":"replace","path":"name.givenName","value":"Secret"},
          {"op":"replace","value":{"active":false,"password":"Pa55",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D"}}},
          {"op":"replace","path":"name.givenName","value":"again"}]}
        """;
    List<String> names = ChangedAttributes.ofPatch(PatchRequest.parse(Json.parseObject(body)));
    assertEquals(
        List.of(
            "emails.value",
            "members",
            "name.givenName",
            "active",
            "password",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
        names);
    for (String name : names) {
      assertEquals(-1, name.indexOf("2819c223"));
      assertEquals(-1, name.indexOf("a]b@x.com"));
    }
    assertEquals("members", ChangedAttributes.withoutFilters("members[value eq \"x\"]"));
    assertEquals("a.b", ChangedAttributes.withoutFilters("a[x[y]].b"));
    assertEquals(
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        ChangedAttributes.withoutFilters(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"));
  }
}
