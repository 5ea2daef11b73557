package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.ResourceTypeDescriptor;
import dev.scimserverless.core.schema.Schema;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.schema.ScimValues;
import dev.scimserverless.core.schema.Uniqueness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which attributes of a resource type the store must keep unique or findable by key, as its {@link
 * ResourceTypeDescriptor} says. Users: {@code userName} unique case-insensitively (RFC 7643
 * §4.1.1). Groups: {@code displayName} unique case-insensitively (our rule: IdPs address groups by
 * name), at most 100 characters. Both: {@code externalId} findable by exact value.
 */
public final class KeyPolicy {
  /** Longest value kept as a key (DynamoDB sort keys allow 1024 bytes). */
  static final int MAX_KEY_LENGTH = ResourceTypeDescriptor.MAX_KEY_LENGTH;

  private final ResourceTypeDescriptor descriptor;
  private final List<UniqueExtensionAttribute> extensionKeys = new ArrayList<>();

  /** The keys of the standard schemas. */
  public KeyPolicy(ResourceType type) {
    this(type, SchemaRegistry.standard());
  }

  /**
   * The keys of a registry: besides the standard ones, each {@code uniqueness: server} attribute of
   * an operator-declared extension ({@link SchemaRegistry#withExtensions}) is a unique key named by
   * its full path ({@code urn:...:User:badgeId}), compared case-insensitively unless {@code
   * caseExact}. The store keeps unique keys atomically with the resource, as it does userName.
   */
  public KeyPolicy(ResourceType type, SchemaRegistry registry) {
    this.descriptor = registry.resourceType(type);
    for (Schema extension : registry.extensions(type)) {
      if (!registry.isDeclared(extension.id())) {
        continue;
      }
      for (AttributeDefinition a : extension.attributes()) {
        if (a.uniqueness() != Uniqueness.NONE && !a.multiValued() && !a.isComplex()) {
          extensionKeys.add(new UniqueExtensionAttribute(extension.id(), a));
        }
      }
    }
  }

  private record UniqueExtensionAttribute(String urn, AttributeDefinition definition) {
    String path() {
      return urn + ":" + definition.name();
    }
  }

  /** The attribute that is unique per tenant, compared case-insensitively. */
  public String uniqueAttribute() {
    return descriptor.uniqueKey().attribute();
  }

  /** The attributes findable by exact value ({@code externalId}). */
  public List<String> lookupAttributes() {
    return descriptor.lookupKeys();
  }

  public static String normalize(String value) {
    return ScimValues.fold(value);
  }

  public Map<String, String> uniqueKeys(ObjectNode document) {
    Map<String, String> keys = new LinkedHashMap<>();
    String attr = uniqueAttribute();
    JsonNode v = document.get(attr);
    if (v != null && v.isTextual()) {
      int max = descriptor.uniqueKey().maxLength();
      keys.put(attr, normalize(checkLength(attr, v.asText(), max)));
    }
    for (UniqueExtensionAttribute u : extensionKeys) {
      JsonNode extension = document.get(u.urn());
      JsonNode value = extension == null ? null : extension.get(u.definition().name());
      if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isEmpty()) {
        String text = checkLength(u.path(), value.asText(), MAX_KEY_LENGTH);
        keys.put(u.path(), u.definition().caseExact() ? text : normalize(text));
      }
    }
    return keys;
  }

  public Map<String, String> lookupKeys(ObjectNode document) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String attr : descriptor.lookupKeys()) {
      JsonNode v = document.get(attr);
      if (v != null && v.isTextual() && !v.asText().isEmpty()) {
        keys.put(attr, checkLength(attr, v.asText(), MAX_KEY_LENGTH));
      }
    }
    return keys;
  }

  private static String checkLength(String attribute, String value, int max) {
    if (value.length() > max) {
      throw ScimException.invalidValue(
          "Attribute '" + attribute + "' is longer than " + max + " characters.");
    }
    return value;
  }
}
