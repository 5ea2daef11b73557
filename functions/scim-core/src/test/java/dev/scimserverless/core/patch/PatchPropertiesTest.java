package dev.scimserverless.core.patch;

import static dev.scimserverless.core.patch.PatchFixtures.ENGINE;
import static dev.scimserverless.core.patch.PatchFixtures.ENTERPRISE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimserverless.core.document.ResourceReader;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.PatchPath;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Properties of the engine over generated users and operation lists. */
class PatchPropertiesTest {
  private static final ResourceReader READER = ResourceReader.standard();

  /** An operation as generated: op word, path (null for none) and value (null for none). */
  record Spec(String op, String path, JsonNode value) {
    PatchOperation build() {
      return new PatchOperation(
          PatchOperation.Op.parse(op), Optional.ofNullable(path).map(PatchPath::parse), value);
    }

    @Override
    public String toString() {
      return "{op: " + op + ", path: " + path + ", value: " + value + "}";
    }
  }

  /**
   * Whatever the operations, applying them either gives a canonical document (a fixpoint of the
   * reader) or throws a ScimException; the input document is never modified.
   */
  @Property(tries = 400)
  void applyingThrowsOnlyScimExceptions(
      @ForAll("users") ObjectNode user, @ForAll("anyOperations") List<Spec> specs) {
    ObjectNode copy = user.deepCopy();
    try {
      List<PatchOperation> ops = new ArrayList<>();
      for (Spec spec : specs) {
        ops.add(spec.build());
      }
      ObjectNode patched = ENGINE.apply(ResourceType.USER, user, ops);
      assertEquals(READER.read(ResourceType.USER, patched).document(), patched, "canonical");
      Statistics.collect("applied");
    } catch (ScimException expected) {
      assertEquals(400, expected.status(), expected.detail());
      Statistics.collect(expected.scimType().map(Enum::name).orElse("400"));
    }
    assertEquals(copy, user, "the input is never modified");
  }

  /** Lists of replace operations are idempotent: applying them twice equals applying them once. */
  @Property(tries = 400)
  void replaceListsAreIdempotent(
      @ForAll("users") ObjectNode user, @ForAll("replaceOperations") List<Spec> specs) {
    List<PatchOperation> ops = new ArrayList<>();
    for (Spec spec : specs) {
      ops.add(spec.build());
    }
    ObjectNode once;
    try {
      once = ENGINE.apply(ResourceType.USER, user, ops);
    } catch (ScimException rejected) {
      return; // e.g. an empty userName; not a question of idempotence
    }
    assertEquals(once, ENGINE.apply(ResourceType.USER, once, ops));
  }

  // ---- users ----

  @Provide
  Arbitrary<ObjectNode> users() {
    Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6);
    Arbitrary<ObjectNode> email =
        Combinators.combine(word, Arbitraries.of("work", "home", "other"), Arbitraries.of(0, 1, 2))
            .as(
                (value, type, primary) -> {
                  ObjectNode e =
                      Json.object().put("value", value + "@example.com").put("type", type);
                  if (primary > 0) {
                    e.put("primary", primary == 2);
                  }
                  return e;
                });
    return Combinators.combine(
            word,
            word.optional(),
            word.optional(),
            email.list().ofMaxSize(3),
            Arbitraries.of(true, false).optional(),
            word.optional(),
            word.optional())
        .as(
            (userName, given, family, emails, active, department, manager) -> {
              ObjectNode raw = Json.object().put("userName", userName);
              if (given.isPresent() || family.isPresent()) {
                ObjectNode name = raw.putObject("name");
                given.ifPresent(g -> name.put("givenName", g));
                family.ifPresent(f -> name.put("familyName", f));
              }
              if (!emails.isEmpty()) {
                ArrayNode array = raw.putArray("emails");
                emails.forEach(array::add);
              }
              active.ifPresent(a -> raw.put("active", a));
              if (department.isPresent() || manager.isPresent()) {
                ObjectNode enterprise = raw.putObject(ENTERPRISE);
                department.ifPresent(d -> enterprise.put("department", d));
                manager.ifPresent(m -> enterprise.putObject("manager").put("value", m));
              }
              return READER.read(ResourceType.USER, raw).document();
            });
  }

  // ---- any operations ----

  private static final List<String> ANY_PATHS =
      List.of(
          "userName",
          "displayName",
          "active",
          "name",
          "name.givenName",
          "NAME.familyname",
          "emails",
          "emails.value",
          "emails.primary",
          "emails[type eq \"work\"]",
          "emails[type eq \"work\"].value",
          "emails[type eq \"home\" and primary eq true].display",
          "emails[not (type eq \"work\")].value",
          "emails[value pr]",
          "emails[value eq 3]",
          "emails[primary eq \"yes\"]",
          "addresses[type eq \"work\" or primary eq true].locality",
          "phoneNumbers[value sw \"+1\"]",
          "x509Certificates[value pr].display",
          "roles",
          "groups",
          "id",
          "meta.created",
          "password",
          "members",
          "foo",
          "name.foo",
          "urn:ietf:params:scim:schemas:core:2.0:User:userName",
          ENTERPRISE,
          ENTERPRISE + ":department",
          ENTERPRISE + ":manager",
          ENTERPRISE + ":manager.value",
          ENTERPRISE + ":manager.displayName",
          "urn:ietf:params:scim:schemas:extension:other:2.0:User:x");

  private static final List<String> KEYS =
      List.of(
          "value",
          "type",
          "primary",
          "display",
          "givenName",
          "familyName",
          "displayName",
          "active",
          "userName",
          "emails",
          "name",
          "name.givenName",
          "emails[type eq \"work\"].value",
          ENTERPRISE,
          ENTERPRISE + ":manager",
          "department",
          "manager",
          "$ref",
          "id",
          "schemas",
          "meta",
          "junk",
          "");

  @Provide
  Arbitrary<List<Spec>> anyOperations() {
    Arbitrary<String> op = Arbitraries.of("add", "replace", "remove", "Add", "REPLACE");
    Arbitrary<String> path = Arbitraries.of(ANY_PATHS).injectNull(0.2);
    Arbitrary<JsonNode> value = jsonValue().injectNull(0.1);
    return Combinators.combine(op, path, value).as(Spec::new).list().ofMinSize(1).ofMaxSize(5);
  }

  private static Arbitrary<JsonNode> leaf() {
    return Arbitraries.oneOf(
        Arbitraries.strings().alpha().ofMaxLength(5).map(TextNode::valueOf),
        Arbitraries.of("", "True", "false", "work", "home", "3", "2020-01-01T00:00:00Z")
            .map(TextNode::valueOf),
        Arbitraries.integers().between(-3, 3).map(IntNode::valueOf),
        Arbitraries.of(true, false).map(BooleanNode::valueOf),
        Arbitraries.just(NullNode.getInstance()));
  }

  private static Arbitrary<JsonNode> objectOf(Arbitrary<JsonNode> inner) {
    return Arbitraries.maps(Arbitraries.of(KEYS), inner)
        .ofMaxSize(4)
        .map(
            (Map<String, JsonNode> map) -> {
              ObjectNode object = Json.object();
              map.forEach(object::set);
              return (JsonNode) object;
            });
  }

  private static Arbitrary<JsonNode> arrayOf(Arbitrary<JsonNode> inner) {
    return inner
        .list()
        .ofMaxSize(3)
        .map(
            values -> {
              ArrayNode array = Json.array();
              values.forEach(array::add);
              return (JsonNode) array;
            });
  }

  private static Arbitrary<JsonNode> jsonValue() {
    Arbitrary<JsonNode> level1 =
        Arbitraries.oneOf(leaf(), objectOf(leaf()), arrayOf(leaf()), arrayOf(objectOf(leaf())));
    return Arbitraries.oneOf(leaf(), objectOf(level1), arrayOf(objectOf(leaf())), level1);
  }

  // ---- replace operations ----

  @Provide
  Arbitrary<List<Spec>> replaceOperations() {
    Arbitrary<JsonNode> text =
        Arbitraries.oneOf(
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5).map(TextNode::valueOf),
            Arbitraries.just(TextNode.valueOf("")));
    Arbitrary<JsonNode> name =
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5).map(TextNode::valueOf);
    Arbitrary<JsonNode> bool =
        Arbitraries.of(
            BooleanNode.TRUE,
            BooleanNode.FALSE,
            TextNode.valueOf("True"),
            TextNode.valueOf("false"));
    Arbitrary<JsonNode> email =
        Combinators.combine(name, Arbitraries.of("work", "home", "other"), bool.injectNull(0.5))
            .as(
                (value, type, primary) -> {
                  ObjectNode e =
                      Json.object().put("value", value.asText() + "@example.com").put("type", type);
                  if (primary != null) {
                    e.set("primary", primary);
                  }
                  return (JsonNode) e;
                });
    Arbitrary<JsonNode> emails = arrayOf(email);
    Arbitrary<JsonNode> nameObject =
        Combinators.combine(text.injectNull(0.3), text.injectNull(0.3))
            .as(
                (given, family) -> {
                  ObjectNode n = Json.object();
                  if (given != null) {
                    n.set("givenName", given);
                  }
                  if (family != null) {
                    n.set("familyName", family);
                  }
                  return (JsonNode) n;
                });
    Arbitrary<JsonNode> otherEmail =
        Combinators.combine(text.injectNull(0.3), bool.injectNull(0.5))
            .as(
                (display, primary) -> {
                  ObjectNode e = Json.object();
                  if (display != null) {
                    e.set("display", display);
                  }
                  if (primary != null) {
                    e.set("primary", primary);
                  }
                  return (JsonNode) e;
                });
    Arbitrary<JsonNode> manager =
        Arbitraries.oneOf(name, name.map(id -> (JsonNode) Json.object().set("value", id)));
    Arbitrary<JsonNode> noPath =
        Combinators.combine(text.injectNull(0.5), bool.injectNull(0.5), text.injectNull(0.5))
            .as(
                (display, active, home) -> {
                  ObjectNode v = Json.object();
                  if (display != null) {
                    v.set("displayName", display);
                  }
                  if (active != null) {
                    v.set("active", active);
                  }
                  if (home != null) {
                    v.set("emails[type eq \"home\"].value", home);
                  }
                  return (JsonNode) v;
                });
    Arbitrary<Spec> spec =
        Arbitraries.oneOf(
            replace("displayName", text),
            replace("nickName", text),
            replace("userName", name),
            replace("name.givenName", text),
            replace("name", nameObject),
            replace("active", bool),
            replace("emails", emails),
            replace("emails[type eq \"work\"].value", text),
            replace("emails[type eq \"home\"].display", text),
            replace("emails[type eq \"work\"].primary", bool),
            replace("emails[type eq \"other\"]", otherEmail),
            replace(ENTERPRISE + ":department", text),
            replace(ENTERPRISE + ":manager", manager),
            noPath.map(v -> new Spec("replace", null, v)));
    return spec.list().ofMinSize(1).ofMaxSize(6);
  }

  private static Arbitrary<Spec> replace(String path, Arbitrary<JsonNode> value) {
    return value.map(v -> new Spec("Replace", path, v));
  }
}
