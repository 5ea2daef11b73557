package dev.scimserverless.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.filter.Filter;
import dev.scimserverless.core.filter.FilterEvaluator;
import dev.scimserverless.core.filter.FilterVisitor;
import dev.scimserverless.core.filter.PatchPath;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.AttributePath;
import dev.scimserverless.core.schema.AttributeResolver;
import dev.scimserverless.core.schema.Schema;
import dev.scimserverless.core.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Resolves PATCH paths of one resource type to {@link PatchTarget}s with the schema registry's
 * {@link AttributeResolver}, the one source of truth for attribute names. Names and URNs match
 * case-insensitively; anything that does not resolve is a 400 invalidPath.
 */
final class TargetResolver {
  private final AttributeResolver resolver;
  private final String coreUrn;
  private final List<String> extensions = new ArrayList<>();
  private final FilterEvaluator evaluator;

  TargetResolver(SchemaRegistry registry, ResourceType type) {
    this.resolver = registry.resolver(type);
    this.coreUrn = registry.coreSchema(type).id();
    for (Schema extension : registry.extensions(type)) {
      extensions.add(extension.id());
    }
    this.evaluator = new FilterEvaluator(resolver);
  }

  /** The canonical URN of the extension named {@code urn}, case-insensitively. */
  Optional<String> extension(String urn) {
    for (String e : extensions) {
      if (e.equalsIgnoreCase(urn)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * Resolves a path.
   *
   * @throws ScimException 400 invalidPath when the schema, attribute or sub-attribute is unknown, a
   *     value filter is applied to an attribute that is not multi-valued complex, or the filter
   *     names unknown sub-attributes or compares them in a way their type does not allow
   */
  PatchTarget resolve(PatchPath path) {
    AttributePath attributePath = path.attribute();
    String text = path.toString();
    String extension = null;
    boolean whole = false;
    String urn = attributePath.schemaUrn();
    if (urn != null && !urn.equalsIgnoreCase(coreUrn)) {
      Optional<String> named = extension(urn);
      if (named.isPresent()) {
        extension = named.get();
      } else {
        Optional<String> wholeUrn = extension(urn + ":" + attributePath.attribute());
        if (wholeUrn.isEmpty()
            || attributePath.subAttribute() != null
            || path.valueFilter().isPresent()) {
          throw ScimException.invalidPath(
              "The path '" + text + "' names an unknown schema or attribute.");
        }
        extension = wholeUrn.get();
        whole = true;
      }
    }
    AttributeDefinition attribute =
        resolver
            .resolve(attributePath.parent())
            .orElseThrow(
                () ->
                    ScimException.invalidPath(
                        "The path '"
                            + text
                            + "' names an unknown attribute '"
                            + attributePath.parent()
                            + "'."));
    AttributeDefinition sub = sub(path, attribute, whole, text);
    Filter filter = path.valueFilter().orElse(null);
    Predicate<JsonNode> selects = null;
    if (filter != null) {
      selects = selector(text, extension, attribute, filter);
    }
    return new PatchTarget(text, extension, attribute, whole, filter, selects, sub);
  }

  private static AttributeDefinition sub(
      PatchPath path, AttributeDefinition attribute, boolean whole, String text) {
    String name = path.attribute().subAttribute();
    if (name == null) {
      name = path.subAttribute().orElse(null);
    }
    if (name == null) {
      return null;
    }
    if (!attribute.isComplex() || whole) {
      throw ScimException.invalidPath(
          "The path '"
              + text
              + "' names a sub-attribute of '"
              + attribute.name()
              + "', which has none.");
    }
    String subName = name;
    return attribute
        .subAttribute(subName)
        .orElseThrow(
            () ->
                ScimException.invalidPath(
                    "The path '"
                        + text
                        + "' names an unknown sub-attribute '"
                        + subName
                        + "' of '"
                        + attribute.name()
                        + "'."));
  }

  private Predicate<JsonNode> selector(
      String text, String extension, AttributeDefinition attribute, Filter filter) {
    if (!attribute.isComplex() || !attribute.multiValued()) {
      throw ScimException.invalidPath(
          "The path '"
              + text
              + "' filters '"
              + attribute.name()
              + "', but a value filter selects values of a multi-valued complex attribute.");
    }
    checkNames(text, attribute, filter);
    AttributePath qualified = new AttributePath(extension, attribute.name(), null);
    Predicate<JsonNode> compiled;
    try {
      compiled = evaluator.compile(new Filter.ValuePath(qualified, filter));
    } catch (ScimException e) {
      throw ScimException.invalidPath(
          "The value filter of '" + text + "' is invalid: " + e.detail());
    }
    return element -> compiled.test(holding(extension, attribute.name(), element));
  }

  /** A document holding just {@code element} as the value of the attribute. */
  private static ObjectNode holding(String extension, String name, JsonNode element) {
    ObjectNode document = Json.object();
    ObjectNode container = extension == null ? document : document.putObject(extension);
    container.putArray(name).add(element);
    return document;
  }

  /**
   * Every path of a value filter names a sub-attribute of {@code attribute}; a value filter holds
   * no value path.
   */
  private static void checkNames(String text, AttributeDefinition attribute, Filter filter) {
    filter.accept(
        new FilterVisitor<Void>() {
          @Override
          public Void visitAnd(Filter.And and) {
            and.left().accept(this);
            return and.right().accept(this);
          }

          @Override
          public Void visitOr(Filter.Or or) {
            or.left().accept(this);
            return or.right().accept(this);
          }

          @Override
          public Void visitNot(Filter.Not not) {
            return not.filter().accept(this);
          }

          @Override
          public Void visitComparison(Filter.Comparison comparison) {
            checkName(text, attribute, comparison.path());
            return null;
          }

          @Override
          public Void visitPresent(Filter.Present present) {
            checkName(text, attribute, present.path());
            return null;
          }

          @Override
          public Void visitValuePath(Filter.ValuePath valuePath) {
            throw ScimException.invalidPath(
                "The value filter of '"
                    + text
                    + "' cannot contain the value path '"
                    + valuePath.path()
                    + "[...]'.");
          }
        });
  }

  private static void checkName(String text, AttributeDefinition attribute, AttributePath path) {
    if (path.schemaUrn() != null
        || path.subAttribute() != null
        || attribute.subAttribute(path.attribute()).isEmpty()) {
      throw ScimException.invalidPath(
          "The value filter of '"
              + text
              + "' names '"
              + path
              + "', which is not a sub-attribute of '"
              + attribute.name()
              + "'.");
    }
  }
}
