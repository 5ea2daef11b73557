package dev.scimserverless.core.filter;

import dev.scimserverless.core.schema.AttributeDefinition;
import dev.scimserverless.core.schema.AttributePath;
import dev.scimserverless.core.schema.AttributeResolver;
import dev.scimserverless.core.schema.AttributeType;
import dev.scimserverless.core.schema.Mutability;
import dev.scimserverless.core.schema.Returned;
import dev.scimserverless.core.schema.Uniqueness;
import java.util.List;
import java.util.Optional;

/** A small fake of the schema registry: a few User attributes and the enterprise extension. */
final class TestResolver implements AttributeResolver {
  static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  private static final List<AttributeDefinition> CORE_ATTRIBUTES =
      List.of(
          simple("id", AttributeType.STRING, true),
          simple("externalId", AttributeType.STRING, true),
          simple("userName", AttributeType.STRING, false),
          simple("displayName", AttributeType.STRING, false),
          simple("title", AttributeType.STRING, false),
          simple("userType", AttributeType.STRING, false),
          simple("active", AttributeType.BOOLEAN, false),
          simple("loginCount", AttributeType.INTEGER, false),
          simple("score", AttributeType.DECIMAL, false),
          complex(
              "name",
              false,
              simple("givenName", AttributeType.STRING, false),
              simple("familyName", AttributeType.STRING, false)),
          complex(
              "emails",
              true,
              simple("value", AttributeType.STRING, false),
              simple("type", AttributeType.STRING, false),
              simple("primary", AttributeType.BOOLEAN, false)),
          complex(
              "members",
              true,
              simple("value", AttributeType.STRING, true),
              simple("$ref", AttributeType.REFERENCE, true),
              simple("display", AttributeType.STRING, false)),
          complex(
              "meta",
              false,
              simple("created", AttributeType.DATE_TIME, false),
              simple("lastModified", AttributeType.DATE_TIME, false),
              simple("resourceType", AttributeType.STRING, true)),
          multiString("tags"));

  private static final List<AttributeDefinition> ENTERPRISE_ATTRIBUTES =
      List.of(
          simple("employeeNumber", AttributeType.STRING, false),
          simple("costCenter", AttributeType.STRING, false),
          complex(
              "manager",
              false,
              simple("value", AttributeType.STRING, false),
              simple("displayName", AttributeType.STRING, false)));

  @Override
  public Optional<AttributeDefinition> resolve(AttributePath path) {
    List<AttributeDefinition> attributes;
    if (path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(CORE)) {
      attributes = CORE_ATTRIBUTES;
    } else if (path.schemaUrn().equalsIgnoreCase(ENTERPRISE)) {
      attributes = ENTERPRISE_ATTRIBUTES;
    } else {
      return Optional.empty();
    }
    Optional<AttributeDefinition> attribute =
        attributes.stream().filter(a -> a.name().equalsIgnoreCase(path.attribute())).findFirst();
    if (path.subAttribute() == null) {
      return attribute;
    }
    return attribute.flatMap(a -> a.subAttribute(path.subAttribute()));
  }

  static AttributeDefinition simple(String name, AttributeType type, boolean caseExact) {
    return definition(name, type, false, caseExact, List.of());
  }

  static AttributeDefinition multiString(String name) {
    return definition(name, AttributeType.STRING, true, false, List.of());
  }

  static AttributeDefinition complex(
      String name, boolean multiValued, AttributeDefinition... subAttributes) {
    return definition(name, AttributeType.COMPLEX, multiValued, false, List.of(subAttributes));
  }

  private static AttributeDefinition definition(
      String name,
      AttributeType type,
      boolean multiValued,
      boolean caseExact,
      List<AttributeDefinition> subAttributes) {
    return new AttributeDefinition(
        name,
        type,
        multiValued,
        "",
        false,
        List.of(),
        caseExact,
        Mutability.READ_WRITE,
        Returned.DEFAULT,
        Uniqueness.NONE,
        List.of(),
        subAttributes);
  }
}
