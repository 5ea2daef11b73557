package dev.scimserverless.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoredResource;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * A resource as the service hands it out: the stored document plus the server-owned {@code id} and
 * {@code meta}.
 */
public record ScimResource(
    ResourceType type,
    String id,
    ObjectNode document,
    long version,
    Instant created,
    Instant lastModified) {

  public static ScimResource from(StoredResource stored) {
    return new ScimResource(
        stored.type(),
        stored.id(),
        Json.readStored(stored.document()),
        stored.version(),
        stored.created(),
        stored.lastModified());
  }

  /** The weak entity tag of this version, as in the ETag header and meta.version. */
  public String etag() {
    return etagOf(version);
  }

  public static String etagOf(long version) {
    return "W/\"" + version + "\"";
  }

  public String location(String baseUrl) {
    return baseUrl + type.endpoint() + "/" + id;
  }

  /** Adds {@code $ref} (absolute) to each element of a computed reference attribute. */
  private static void addReferences(ObjectNode resource, String attribute, String prefix) {
    com.fasterxml.jackson.databind.JsonNode values = resource.get(attribute);
    if (values == null || !values.isArray()) {
      return;
    }
    for (com.fasterxml.jackson.databind.JsonNode v : values) {
      if (v instanceof ObjectNode o && o.hasNonNull("value") && !o.hasNonNull("$ref")) {
        o.put("$ref", prefix + o.get("value").asText());
      }
    }
  }

  /** The full representation: schemas, id, the attributes, then meta. */
  public ObjectNode toJson(String baseUrl) {
    ObjectNode out = Json.object();
    if (document.has("schemas")) {
      out.set("schemas", document.get("schemas").deepCopy());
    } else {
      out.putArray("schemas").add(type.schema());
    }
    out.put("id", id);
    Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = document.fields();
    while (fields.hasNext()) {
      Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> f = fields.next();
      if (!f.getKey().equals("schemas") && !f.getKey().equals("id") && !f.getKey().equals("meta")) {
        out.set(f.getKey(), f.getValue().deepCopy());
      }
    }
    // the computed membership attributes link to their resources: a group's members to users, a
    // user's groups to groups; a type that takes no part in memberships gets no $ref added
    if (type.membership() == ResourceType.Membership.GROUP) {
      addReferences(out, "members", baseUrl + ResourceType.USER.endpoint() + "/");
    } else if (type.membership() == ResourceType.Membership.MEMBER) {
      addReferences(out, "groups", baseUrl + ResourceType.GROUP.endpoint() + "/");
    }
    ObjectNode meta = out.putObject("meta");
    meta.put("resourceType", type.scimName());
    meta.put("created", DateTimeFormatter.ISO_INSTANT.format(created));
    meta.put("lastModified", DateTimeFormatter.ISO_INSTANT.format(lastModified));
    meta.put("location", location(baseUrl));
    meta.put("version", etag());
    return out;
  }
}
