package dev.scimserverless.core.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link AttributeResolver} of one resource type. An unqualified name, or one qualified by the
 * core schema URN, is looked up in the core schema and then in the common attributes ({@code id},
 * {@code externalId}, {@code meta}); a name qualified by an extension URN in that extension. A path
 * that is exactly an extension URN resolves to a complex definition standing for the whole
 * extension object (named by the URN, its attributes as sub-attributes). All case-insensitive.
 */
final class SchemaResolver implements AttributeResolver {
  private final Schema core;
  private final List<AttributeDefinition> common;
  private final Map<String, Schema> extensions = new LinkedHashMap<>();
  private final Map<String, AttributeDefinition> wholeExtensions = new LinkedHashMap<>();

  SchemaResolver(Schema core, List<AttributeDefinition> common, List<ExtensionSchema> extensions) {
    this.core = core;
    this.common = List.copyOf(common);
    for (ExtensionSchema e : extensions) {
      String key = lower(e.schema().id());
      this.extensions.put(key, e.schema());
      this.wholeExtensions.put(key, wholeExtension(e));
    }
  }

  /** An extension schema with its {@code required} flag of the resource type. */
  record ExtensionSchema(Schema schema, boolean required) {}

  @Override
  public Optional<AttributeDefinition> resolve(AttributePath path) {
    Optional<AttributeDefinition> top = resolveTop(path);
    if (path.subAttribute() == null) {
      return top;
    }
    return top.filter(AttributeDefinition::isComplex)
        .flatMap(d -> d.subAttribute(path.subAttribute()));
  }

  private Optional<AttributeDefinition> resolveTop(AttributePath path) {
    String urn = path.schemaUrn();
    String name = path.attribute();
    if (urn == null) {
      AttributeDefinition whole = wholeExtensions.get(lower(name));
      return whole != null ? Optional.of(whole) : coreOrCommon(name);
    }
    if (urn.equalsIgnoreCase(core.id())) {
      return coreOrCommon(name);
    }
    Schema extension = extensions.get(lower(urn));
    if (extension != null) {
      return extension.attribute(name);
    }
    if (path.subAttribute() == null) {
      return Optional.ofNullable(wholeExtensions.get(lower(urn + ":" + name)));
    }
    return Optional.empty();
  }

  private Optional<AttributeDefinition> coreOrCommon(String name) {
    Optional<AttributeDefinition> found = core.attribute(name);
    if (found.isPresent()) {
      return found;
    }
    for (AttributeDefinition a : common) {
      if (a.name().equalsIgnoreCase(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private static AttributeDefinition wholeExtension(ExtensionSchema e) {
    return new AttributeDefinition(
        e.schema().id(),
        AttributeType.COMPLEX,
        false,
        e.schema().description(),
        e.required(),
        List.of(),
        false,
        Mutability.READ_WRITE,
        Returned.DEFAULT,
        Uniqueness.NONE,
        List.of(),
        e.schema().attributes());
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
