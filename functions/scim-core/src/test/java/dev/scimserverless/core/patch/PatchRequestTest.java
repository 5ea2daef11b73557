package dev.scimserverless.core.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.patch.PatchOperation.Op;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatchRequestTest {

  @Test
  void parsesOperationsInOrder() {
    List<PatchOperation> ops =
        parse(
            """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [
               {"op": "Add", "path": "members", "value": [{"value": "1"}]},
               {"op": "replace", "value": {"active": false}},
               {"op": "REMOVE", "path": "emails[type eq \\"work\\"].value"}]}
            """);
    assertEquals(3, ops.size());
    assertEquals(Op.ADD, ops.get(0).op());
    assertEquals("members", ops.get(0).path().orElseThrow().toString());
    assertEquals(Op.REPLACE, ops.get(1).op());
    assertTrue(ops.get(1).path().isEmpty());
    assertEquals(Op.REMOVE, ops.get(2).op());
    assertTrue(ops.get(2).value().isNull());
    assertEquals("emails[type eq \"work\"].value", ops.get(2).path().orElseThrow().toString());
  }

  @Test
  void namesMatchCaseInsensitivelyAndSchemasMayBeMissing() {
    List<PatchOperation> ops =
        parse("{\"operations\": [{\"OP\": \"replace\", \"Path\": \"active\", \"Value\": false}]}");
    assertEquals(Op.REPLACE, ops.get(0).op());
    assertEquals("active", ops.get(0).path().orElseThrow().toString());
    assertEquals(false, ops.get(0).value().booleanValue());
  }

  @Test
  void blankPathIsNoPath() {
    List<PatchOperation> ops =
        parse(
            "{\"Operations\": [{\"op\": \"replace\", \"path\": \" \", \"value\": {\"active\":"
                + " false}}]}");
    assertTrue(ops.get(0).path().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"Operations\": []}",
        "{\"Operations\": {\"op\": \"add\"}}",
        "{\"Operations\": [\"add\"]}",
        "{\"Operations\": [{\"path\": \"active\", \"value\": true}]}",
        "{\"Operations\": [{\"op\": \"move\", \"path\": \"active\", \"value\": true}]}",
        "{\"Operations\": [{\"op\": \"copy\", \"path\": \"active\", \"value\": true}]}",
        "{\"Operations\": [{\"op\": 1, \"path\": \"active\", \"value\": true}]}",
        "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
            + " \"Operations\": [{\"op\": \"add\", \"path\": \"active\", \"value\": true}]}"
      })
  void malformedRequestsAreInvalidSyntax(String body) {
    assertFails(ScimType.invalidSyntax, body);
  }

  @Test
  void removeWithoutPathIsNoTarget() {
    ScimException e = assertFails(ScimType.noTarget, "{\"Operations\": [{\"op\": \"remove\"}]}");
    assertTrue(e.detail().startsWith("Operations[1]: "), e.detail());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\": \"add\", \"path\": \"title\"}",
        "{\"op\": \"replace\", \"path\": \"title\", \"value\": null}",
        "{\"op\": \"add\"}"
      })
  void addOrReplaceWithoutValueIsInvalidValue(String operation) {
    assertFails(ScimType.invalidValue, "{\"Operations\": [" + operation + "]}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "emails[type eq \\\"work\\\"",
        "emails[type eq work]",
        "name..givenName",
        "emails[type eq \\\"work\\\"].value.x",
        "urn:foo",
        "members[value eq \\\"1\\\"] extra"
      })
  void unparsablePathIsInvalidPath(String path) {
    assertFails(
        ScimType.invalidPath,
        "{\"Operations\": [{\"op\": \"remove\", \"path\": \"" + path + "\"}]}");
  }

  @Test
  void nonStringPathIsInvalidPath() {
    assertFails(
        ScimType.invalidPath, "{\"Operations\": [{\"op\": \"remove\", \"path\": [\"members\"]}]}");
  }

  @Test
  void errorsNameTheOperation() {
    ScimException e =
        assertFails(
            ScimType.invalidSyntax,
            "{\"Operations\": [{\"op\": \"add\", \"path\": \"title\", \"value\": \"x\"}, {\"op\":"
                + " \"merge\"}]}");
    assertTrue(e.detail().startsWith("Operations[2]: "), e.detail());
  }

  @Test
  void opsParseCaseInsensitively() {
    assertEquals(Op.ADD, Op.parse("Add"));
    assertEquals(Op.REPLACE, Op.parse("rePlace"));
    assertEquals(Op.REMOVE, Op.parse("REMOVE"));
    assertEquals("replace", Op.REPLACE.scimName());
  }

  private static List<PatchOperation> parse(String body) {
    return PatchRequest.parse(Json.parseObject(body));
  }

  private static ScimException assertFails(ScimType type, String body) {
    ScimException e = assertThrows(ScimException.class, () -> parse(body));
    assertEquals(400, e.status());
    assertEquals(type, e.scimType().orElse(null), e.detail());
    return e;
  }
}
