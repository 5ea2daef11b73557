package dev.scimserverless.store.dynamodb;

import static dev.scimserverless.store.dynamodb.Keys.bool;
import static dev.scimserverless.store.dynamodb.Keys.n;
import static dev.scimserverless.store.dynamodb.Keys.s;

import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoredResource;
import dev.scimserverless.core.store.Tenant;
import dev.scimserverless.core.store.TokenRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Encodes the port's records as items and back (attribute names in docs/data-model.md). */
final class Items {
  static final String DOC = "doc";
  static final String VER = "ver";
  static final String CREATED = "created";
  static final String LAST_MODIFIED = "lastModified";
  static final String UNIQUE_KEYS = "uk";
  static final String LOOKUP_KEYS = "lk";
  static final String ID = "id";
  static final String COUNT = "n";
  static final String NAME = "name";
  static final String DISABLED = "disabled";
  static final String TENANT = "tenant";
  static final String TOKEN_ID = "tokenId";
  static final String HASH = "hash";
  static final String LAST_USED = "lastUsed";
  static final String REVOKED = "revoked";

  private Items() {}

  static Map<String, AttributeValue> resource(String tenant, StoredResource r) {
    Map<String, AttributeValue> item =
        new HashMap<>(Keys.key(Keys.resources(tenant, r.type()), r.id()));
    item.put(DOC, s(r.document()));
    item.put(VER, n(r.version()));
    item.put(CREATED, s(r.created().toString()));
    item.put(LAST_MODIFIED, s(r.lastModified().toString()));
    item.put(UNIQUE_KEYS, stringMap(r.uniqueKeys()));
    item.put(LOOKUP_KEYS, stringMap(r.lookupKeys()));
    return item;
  }

  static StoredResource resource(ResourceType type, Map<String, AttributeValue> item) {
    return new StoredResource(
        type,
        item.get(Keys.SK).s(),
        item.get(DOC).s(),
        version(item),
        Instant.parse(item.get(CREATED).s()),
        Instant.parse(item.get(LAST_MODIFIED).s()),
        stringMap(item.get(UNIQUE_KEYS)),
        stringMap(item.get(LOOKUP_KEYS)));
  }

  static long version(Map<String, AttributeValue> item) {
    return Long.parseLong(item.get(VER).n());
  }

  static Map<String, AttributeValue> tenant(String pk, String sk, Tenant t) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.key(pk, sk));
    item.put(ID, s(t.id()));
    item.put(NAME, s(t.name()));
    item.put(DISABLED, bool(t.disabled()));
    item.put(CREATED, s(t.created().toString()));
    return item;
  }

  static Tenant tenant(Map<String, AttributeValue> item) {
    return new Tenant(
        item.get(ID).s(),
        item.get(NAME).s(),
        item.get(DISABLED).bool(),
        Instant.parse(item.get(CREATED).s()));
  }

  static Map<String, AttributeValue> token(TokenRecord t) {
    Map<String, AttributeValue> item =
        new HashMap<>(Keys.key(Keys.token(t.hash()), Keys.SINGLETON));
    item.put(TOKEN_ID, s(t.tokenId()));
    item.put(TENANT, s(t.tenant()));
    item.put(HASH, s(t.hash()));
    item.put(CREATED, s(t.created().toString()));
    t.lastUsed().ifPresent(used -> item.put(LAST_USED, s(used.toString())));
    item.put(REVOKED, bool(t.revoked()));
    return item;
  }

  static TokenRecord token(Map<String, AttributeValue> item) {
    AttributeValue lastUsed = item.get(LAST_USED);
    return new TokenRecord(
        item.get(TOKEN_ID).s(),
        item.get(TENANT).s(),
        item.get(HASH).s(),
        Instant.parse(item.get(CREATED).s()),
        Optional.ofNullable(lastUsed).map(v -> Instant.parse(v.s())),
        item.get(REVOKED).bool());
  }

  private static AttributeValue stringMap(Map<String, String> values) {
    Map<String, AttributeValue> m = new HashMap<>();
    values.forEach((k, v) -> m.put(k, s(v)));
    return AttributeValue.builder().m(m).build();
  }

  static Map<String, String> stringMap(AttributeValue value) {
    Map<String, String> m = new HashMap<>();
    if (value != null && value.hasM()) {
      value.m().forEach((k, v) -> m.put(k, v.s()));
    }
    return m;
  }
}
