package dev.scimserverless.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a SAM template against AWS's published JSON Schemas (../shared/conformance/aws: the SAM
 * translator's schema and the CloudFormation resource provider schemas, see its README) with a JSON
 * Schema validator: every resource type exists, every property set is one the schema defines,
 * literal values have the schema's type. An intrinsic function ({@code !Ref}, {@code !Sub}, {@code
 * Fn::If}, …) stands for any value: it is replaced by {@link #INTRINSIC}, which every property
 * schema also accepts ({@link #intrinsicsAllowed}). SAM properties that SAM passes through to a
 * CloudFormation property ({@code __samPassThrough.schemaPath}) are also checked against that
 * CloudFormation property.
 */
final class AwsTemplateSchemas {

  /** What an intrinsic function becomes before validation: a wildcard of any type. */
  static final String INTRINSIC = "<intrinsic>";

  private static final Set<String> RESOURCE_ATTRIBUTES =
      Set.of(
          "Type",
          "Properties",
          "Condition",
          "DependsOn",
          "DeletionPolicy",
          "UpdateReplacePolicy",
          "Metadata",
          "UpdatePolicy",
          "CreationPolicy");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Path dir;
  private final JsonNode sam;
  private final JsonNode samAsPublished;
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
  private final Map<String, Schema> cache = new HashMap<>();

  AwsTemplateSchemas(Path dir) throws IOException {
    this.dir = dir;
    this.samAsPublished = JSON.readTree(Files.readString(dir.resolve("sam.schema.json")));
    this.sam = intrinsicsAllowed(samAsPublished);
  }

  /**
   * A copy of a schema in which every property value, array item and additional property may also
   * be {@link #INTRINSIC}: {@code S} becomes {@code anyOf: [{const: INTRINSIC}, S]} at those
   * positions only (never a branch of anyOf/oneOf, so a oneOf still has one match).
   */
  static JsonNode intrinsicsAllowed(JsonNode schema) {
    if (!schema.isObject()) {
      return schema;
    }
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      JsonNode v = e.getValue();
      switch (k) {
        case "properties", "patternProperties" -> {
          ObjectNode m = NODES.objectNode();
          v.fields().forEachRemaining(p -> m.set(p.getKey(), orIntrinsic(p.getValue())));
          out.set(k, m);
        }
        case "additionalProperties", "items", "additionalItems" -> {
          if (v.isArray()) {
            ArrayNode a = NODES.arrayNode();
            v.forEach(i -> a.add(orIntrinsic(i)));
            out.set(k, a);
          } else {
            out.set(k, v.isObject() ? orIntrinsic(v) : v);
          }
        }
        case "definitions" -> {
          ObjectNode m = NODES.objectNode();
          v.fields().forEachRemaining(p -> m.set(p.getKey(), intrinsicsAllowed(p.getValue())));
          out.set(k, m);
        }
        case "anyOf", "oneOf", "allOf" -> {
          ArrayNode a = NODES.arrayNode();
          v.forEach(i -> a.add(intrinsicsAllowed(i)));
          out.set(k, a);
        }
        case "not", "if", "then", "else" -> out.set(k, intrinsicsAllowed(v));
        default -> out.set(k, v);
      }
    }
    return out;
  }

  private static JsonNode orIntrinsic(JsonNode schema) {
    ObjectNode intrinsic = NODES.objectNode().put("const", INTRINSIC);
    ObjectNode any = NODES.objectNode();
    any.set("anyOf", NODES.arrayNode().add(intrinsic).add(intrinsicsAllowed(schema)));
    return any;
  }

  /**
   * ../shared/conformance/aws beside the repository (CI: a clean checkout with shared/ beside it),
   * or the folder named by the system property {@code aws.schemas}.
   */
  static Path locate() {
    String explicit = System.getProperty("aws.schemas");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Path root = Path.of(System.getProperty("repo.root", "../..")).toAbsolutePath().normalize();
    for (Path p = root; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("conformance").resolve("aws");
      if (Files.isRegularFile(candidate.resolve("sam.schema.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "AWS schemas not found: expected shared/conformance/aws beside the repository "
            + root
            + " (or -Daws.schemas=DIR)");
  }

  /** The template as JSON with every intrinsic function replaced by {@link #INTRINSIC}. */
  static ObjectNode read(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(10 * 1024 * 1024);
    Node root = new Yaml(options).compose(new StringReader(yaml));
    return (ObjectNode) convert(root);
  }

  static ObjectNode read(Path template) {
    try {
      return read(Files.readString(template));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode convert(Node node) {
    String tag = node.getTag().getValue();
    if (tag.startsWith("!")) {
      return NODES.textNode(INTRINSIC); // short form: !Ref, !Sub, !GetAtt, !If, …
    }
    if (node instanceof MappingNode map) {
      ObjectNode o = NODES.objectNode();
      for (NodeTuple t : map.getValue()) {
        o.set(((ScalarNode) t.getKeyNode()).getValue(), convert(t.getValueNode()));
      }
      if (o.size() == 1) {
        String key = o.fieldNames().next();
        if (key.equals("Ref") || key.startsWith("Fn::")) {
          return NODES.textNode(INTRINSIC); // long form
        }
      }
      return o;
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode a = NODES.arrayNode();
      for (Node n : seq.getValue()) {
        a.add(convert(n));
      }
      return a;
    }
    String v = ((ScalarNode) node).getValue();
    Tag t = node.getTag();
    if (t.equals(Tag.INT)) {
      return NODES.numberNode(Long.decode(v.replace("_", "")));
    }
    if (t.equals(Tag.FLOAT)) {
      return NODES.numberNode(Double.parseDouble(v.replace("_", "")));
    }
    if (t.equals(Tag.BOOL)) {
      return NODES.booleanNode(Set.of("true", "yes", "on").contains(v.toLowerCase()));
    }
    if (t.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    return NODES.textNode(v);
  }

  /**
   * Every {@code !Ref}, {@code !GetAtt}, {@code ${…}} in {@code !Sub}, condition name and {@code
   * DependsOn} names a parameter, a resource, a pseudo parameter or a resource SAM generates
   * ({@code <Function>Alias<alias>}, {@code <Api>.Stage}); the schemas cannot see these.
   */
  static List<String> unresolvedReferences(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(10 * 1024 * 1024);
    MappingNode root = (MappingNode) new Yaml(options).compose(new StringReader(yaml));
    Set<String> names = new java.util.HashSet<>();
    Set<String> conditions = new java.util.HashSet<>();
    Set<String> resources = new java.util.HashSet<>();
    String alias = null;
    for (NodeTuple t : root.getValue()) {
      String section = ((ScalarNode) t.getKeyNode()).getValue();
      if (!(t.getValueNode() instanceof MappingNode m)) {
        continue;
      }
      for (NodeTuple e : m.getValue()) {
        String key = ((ScalarNode) e.getKeyNode()).getValue();
        switch (section) {
          case "Parameters" -> names.add(key);
          case "Resources" -> resources.add(key);
          case "Conditions" -> conditions.add(key);
          case "Globals" -> {
            if (key.equals("Function") && e.getValueNode() instanceof MappingNode fn) {
              for (NodeTuple f : fn.getValue()) {
                if (((ScalarNode) f.getKeyNode()).getValue().equals("AutoPublishAlias")) {
                  alias = ((ScalarNode) f.getValueNode()).getValue();
                }
              }
            }
          }
          default -> {}
        }
      }
    }
    names.addAll(resources);
    if (alias != null) {
      for (String r : resources) {
        names.add(r + "Alias" + alias); // SAM's alias of a function with AutoPublishAlias
      }
    }
    List<String> out = new ArrayList<>();
    references(root, "", names, resources, conditions, out);
    return out;
  }

  private static void references(
      Node node,
      String where,
      Set<String> names,
      Set<String> resources,
      Set<String> conditions,
      List<String> out) {
    String tag = node.getTag().getValue();
    if (node instanceof ScalarNode scalar) {
      String v = scalar.getValue();
      switch (tag) {
        case "!Ref" -> checkName(v, where, names, resources, out);
        case "!GetAtt" -> checkName(v.split("\\.")[0], where, names, resources, out);
        case "!Sub" -> subNames(v, where, names, resources, out);
        case "!Condition" -> {
          if (!conditions.contains(v)) {
            out.add(where + ": unknown condition " + v);
          }
        }
        default -> {
          if (where.endsWith(".Condition") && !where.startsWith("Rules")) {
            if (!conditions.contains(v)) {
              out.add(where + ": unknown condition " + v);
            }
          }
          if (where.matches(".*\\.DependsOn(\\[\\d+])?") && !resources.contains(v)) {
            out.add(where + ": unknown resource " + v);
          }
        }
      }
      return;
    }
    if (node instanceof SequenceNode seq) {
      List<Node> items = seq.getValue();
      if (tag.equals("!If") && !items.isEmpty() && items.get(0) instanceof ScalarNode c) {
        if (!conditions.contains(c.getValue())) {
          out.add(where + ": unknown condition " + c.getValue());
        }
      }
      if (tag.equals("!GetAtt") && !items.isEmpty() && items.get(0) instanceof ScalarNode r) {
        checkName(r.getValue(), where, names, resources, out);
      }
      if (tag.equals("!Sub") && !items.isEmpty() && items.get(0) instanceof ScalarNode str) {
        Set<String> local = new java.util.HashSet<>(names);
        if (items.size() > 1 && items.get(1) instanceof MappingNode vars) {
          vars.getValue().forEach(v -> local.add(((ScalarNode) v.getKeyNode()).getValue()));
        }
        subNames(str.getValue(), where, local, resources, out);
      }
      for (int i = 0; i < items.size(); i++) {
        references(items.get(i), where + "[" + i + "]", names, resources, conditions, out);
      }
      return;
    }
    for (NodeTuple t : ((MappingNode) node).getValue()) {
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      references(
          t.getValueNode(),
          where.isEmpty() ? key : where + "." + key,
          names,
          resources,
          conditions,
          out);
    }
  }

  private static void subNames(
      String template, String where, Set<String> names, Set<String> resources, List<String> out) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\$\\{([^}!][^}]*)}").matcher(template);
    while (m.find()) {
      checkName(m.group(1), where, names, resources, out);
    }
  }

  private static void checkName(
      String name, String where, Set<String> names, Set<String> resources, List<String> out) {
    if (name.startsWith("AWS::") || names.contains(name)) {
      return;
    }
    int dot = name.indexOf('.');
    if (dot > 0 && resources.contains(name.substring(0, dot))) {
      return; // Api.Stage, Table.Arn, …
    }
    out.add(where + ": unknown reference " + name);
  }

  /** Every problem found, each naming where it is; empty when the template conforms. */
  List<String> problems(JsonNode template) {
    List<String> problems = new ArrayList<>();
    JsonNode globals = template.path("Globals");
    if (!globals.isMissingNode()) {
      check(definition("__main____Globals"), globals, "Globals", problems);
      for (Iterator<Map.Entry<String, JsonNode>> it = globals.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> g = it.next();
        String def = samDefinitionPrefix("AWS::Serverless::" + g.getKey()) + "__Globals";
        passThrough(def, g.getValue(), "Globals." + g.getKey(), problems);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      String where = "Resources." + r.getKey();
      String type = r.getValue().path("Type").asText();
      if (type.startsWith("AWS::Serverless::")) {
        String prefix = samDefinitionPrefix(type);
        if (!sam.path("definitions").has(prefix + "__Resource")) {
          problems.add(where + ": unknown SAM resource type " + type);
          continue;
        }
        check(definition(prefix + "__Resource"), r.getValue(), where, problems);
        passThrough(
            prefix + "__Properties",
            r.getValue().path("Properties"),
            where + ".Properties",
            problems);
        continue;
      }
      for (Iterator<String> keys = r.getValue().fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!RESOURCE_ATTRIBUTES.contains(key)) {
          problems.add(where + ": unknown resource attribute " + key);
        }
      }
      Schema schema = cloudFormation(type, null);
      if (schema == null) {
        problems.add(where + ": unknown resource type " + type + " (no " + fileName(type) + ")");
        continue;
      }
      JsonNode properties = r.getValue().path("Properties");
      check(
          schema,
          properties.isMissingNode() ? NODES.objectNode() : properties,
          where + ".Properties",
          problems);
    }
    return problems;
  }

  /**
   * The properties of a SAM definition that SAM passes through to a CloudFormation property,
   * checked against that property's schema.
   */
  private void passThrough(String definition, JsonNode value, String where, List<String> out) {
    JsonNode props = samAsPublished.path("definitions").path(definition).path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      JsonNode path = props.path(p.getKey()).path("__samPassThrough").path("schemaPath");
      String type;
      String property;
      if (path.size() == 6 && path.get(3).asText().equals("Properties")) {
        // ["definitions", "AWS::Lambda::Function", "properties", "Properties", "properties", "X"]
        type = path.get(1).asText();
        property = path.get(5).asText();
      } else if (definition.contains("_function__")
          && props
              .path(p.getKey())
              .path("allOf")
              .path(0)
              .path("$ref")
              .asText()
              .endsWith("/PassThroughProp")) {
        // Timeout, MemorySize, …: SAM copies them to the Lambda function unchanged
        type = "AWS::Lambda::Function";
        property = p.getKey();
      } else {
        continue;
      }
      Schema schema = cloudFormation(type, property);
      if (schema == null) {
        out.add(where + "." + p.getKey() + ": no schema for " + path);
        continue;
      }
      check(schema, p.getValue(), where + "." + p.getKey(), out);
    }
  }

  private void check(Schema schema, JsonNode value, String where, List<String> out) {
    String json;
    try {
      json = JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Error e : schema.validate(json, InputFormat.JSON)) {
      JsonNode instance =
          e.getInstanceNode() == null ? null : parse(e.getInstanceNode().toString());
      if (instance != null && instance.isTextual() && instance.asText().equals(INTRINSIC)) {
        continue; // an intrinsic function is any value
      }
      String location = e.getInstanceLocation().toString();
      out.add(where + location.replaceFirst("^\\$", "") + ": " + e.getMessage());
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code AWS::Serverless::Function} is {@code samtranslator__…__aws_serverless_function}. */
  private static String samDefinitionPrefix(String type) {
    return "samtranslator__internal__schema_source__aws_serverless_"
        + type.substring("AWS::Serverless::".length()).toLowerCase();
  }

  private Schema definition(String name) {
    return cache.computeIfAbsent(
        "sam#" + name,
        k -> {
          ObjectNode wrapper = NODES.objectNode();
          wrapper.put("$ref", "#/definitions/" + name);
          wrapper.set("definitions", sam.path("definitions"));
          return registry.getSchema(wrapper.toString(), InputFormat.JSON);
        });
  }

  static String fileName(String type) {
    return type.replace("::", "-") + ".json";
  }

  /** The CloudFormation schema of a type (its Properties), or of one property; null if none. */
  private Schema cloudFormation(String type, String property) {
    Path file = dir.resolve("cloudformation").resolve(fileName(type));
    if (!type.matches("[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+") || !Files.isRegularFile(file)) {
      return null;
    }
    return cache.computeIfAbsent(
        type + "#" + property,
        k -> {
          try {
            ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(file));
            // the provider meta-schema is not a dialect the validator knows; its validation
            // keywords are draft-07's, the CloudFormation ones (readOnlyProperties, …) annotate
            root.remove("$schema");
            root = (ObjectNode) intrinsicsAllowed(root);
            if (property == null) {
              return registry.getSchema(root.toString(), InputFormat.JSON);
            }
            if (!root.path("properties").has(property)) {
              return null;
            }
            ObjectNode wrapper = NODES.objectNode();
            wrapper.put("$ref", "#/cfnProperties/" + property);
            wrapper.set("cfnProperties", root.path("properties"));
            wrapper.set("definitions", root.path("definitions"));
            return registry.getSchema(wrapper.toString(), InputFormat.JSON);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
