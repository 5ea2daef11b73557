package dev.scimserverless.core.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Properties of {@link ResourceReader} over the RFC examples. */
class ResourceReaderPropertiesTest {
  private static final ResourceReader READER = ResourceReader.standard();
  private static final ObjectNode CANONICAL =
      READER.read(ResourceType.USER, RfcExamples.enterpriseUser()).document();

  @Property(tries = 200)
  void theCaseOfNamesDoesNotMatter(@ForAll long seed) {
    ObjectNode mangled = (ObjectNode) mangle(RfcExamples.enterpriseUser(), new Random(seed));
    assertEquals(CANONICAL, READER.read(ResourceType.USER, mangled).document());
  }

  @Property(tries = 50)
  void readingIsIdempotent(@ForAll long seed) {
    ObjectNode mangled = (ObjectNode) mangle(RfcExamples.enterpriseUser(), new Random(seed));
    ObjectNode once = READER.read(ResourceType.USER, mangled).document();
    assertEquals(once, READER.read(ResourceType.USER, once.deepCopy()).document());
  }

  /** A copy with every object key in random case (values untouched). */
  private static JsonNode mangle(JsonNode node, Random random) {
    if (node.isObject()) {
      ObjectNode out = Json.object();
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        out.set(randomCase(f.getKey(), random), mangle(f.getValue(), random));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = Json.array();
      node.forEach(e -> out.add(mangle(e, random)));
      return out;
    }
    return node;
  }

  private static String randomCase(String s, Random random) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      String ch = String.valueOf(c);
      sb.append(random.nextBoolean() ? ch.toUpperCase(Locale.ROOT) : ch.toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }
}
