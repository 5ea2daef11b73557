package dev.scimserverless.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.patch.PatchOperation;
import dev.scimserverless.core.patch.PatchRequest;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.schema.SchemaRegistry;
import dev.scimserverless.core.service.ResourceService;
import dev.scimserverless.core.service.ScimResource;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TenantStore;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.dynamodb.Dynoxide;
import dev.scimserverless.store.memory.InMemoryStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Applying a PATCH and re-reading gives the resource the PATCH answered with, and the same one on
 * both store adapters.
 */
class PatchRoundTripIT {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final SchemaRegistry REGISTRY = SchemaRegistry.standard();
  private static final ResourceService USERS =
      new ResourceService(ResourceType.USER, REGISTRY, CLOCK);
  private static final ScimStore MEMORY_STORE = new InMemoryStore();
  private static final ScimStore DYNAMO_STORE =
      new DynamoDbStore(Dynoxide.shared().client(), Dynoxide.shared().freshTable());

  private static final AtomicLong TRY = new AtomicLong();

  @Property(tries = 60)
  void patchThenReadIsTheSameOnBothAdapters(
      @ForAll("users") String user, @ForAll("patches") List<String> operations) {
    TenantId tenant = TenantId.of("t" + Math.abs(user.hashCode() % 7));
    TenantStore memory = MEMORY_STORE.forTenant(tenant);
    TenantStore dynamo = DYNAMO_STORE.forTenant(tenant);
    ObjectNode input = Json.parseObject(user);
    input.put("userName", input.get("userName").asText() + "-" + TRY.incrementAndGet());
    ScimResource inMemory = USERS.create(memory, input);
    ScimResource inDynamo = USERS.create(dynamo, input);
    List<PatchOperation> ops =
        PatchRequest.parse(
            Json.parseObject(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                    + String.join(",", operations)
                    + "]}"));
    Optional<ScimResource> a = apply(memory, inMemory.id(), ops);
    Optional<ScimResource> b = apply(dynamo, inDynamo.id(), ops);
    assertEquals(a.isPresent(), b.isPresent(), "both adapters accept or refuse the same PATCH");
    ScimResource readA = USERS.get(memory, inMemory.id());
    ScimResource readB = USERS.get(dynamo, inDynamo.id());
    if (a.isPresent()) {
      assertEquals(a.get().document(), readA.document());
      assertEquals(a.get().version(), readA.version());
      assertEquals(b.get().document(), readB.document());
      assertEquals(b.get().version(), readB.version());
    } else {
      assertEquals(inMemory.document(), readA.document(), "a refused PATCH changes nothing");
      assertEquals(inDynamo.document(), readB.document(), "a refused PATCH changes nothing");
    }
    assertEquals(readA.document(), readB.document());
    assertEquals(readA.version(), readB.version());
  }

  private static Optional<ScimResource> apply(
      TenantStore store, String id, List<PatchOperation> ops) {
    try {
      return Optional.of(USERS.patch(store, id, ops, Optional.empty()));
    } catch (ScimException e) {
      assertEquals(400, e.status(), e.getMessage());
      return Optional.empty();
    }
  }

  @Provide
  Arbitrary<String> users() {
    Arbitrary<String> names =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(10);
    Arbitrary<Boolean> active = Arbitraries.of(true, false);
    Arbitrary<String> emailType = Arbitraries.of("work", "home", "other");
    return Combinators.combine(names, names, active, emailType)
        .as(
            (u, given, act, type) ->
                """
                {"userName":"%s-%s","name":{"givenName":"%s"},"active":%s,
                 "emails":[{"value":"%s@example.com","type":"%s","primary":true}]}
                """
                    .formatted(
                        u,
                        Integer.toHexString(u.hashCode() ^ given.hashCode()),
                        given,
                        act,
                        u,
                        type));
  }

  @Provide
  Arbitrary<List<String>> patches() {
    Arbitrary<String> word =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> op =
        Arbitraries.oneOf(
            word.map(w -> "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"" + w + "\"}"),
            word.map(
                w -> "{\"op\":\"Replace\",\"path\":\"name.familyName\",\"value\":\"" + w + "\"}"),
            Arbitraries.of("True", "False", "true", "false")
                .map(b -> "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"" + b + "\"}"),
            word.map(
                w ->
                    "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\""
                        + w
                        + "@x.org\",\"type\":\"home\"}]}"),
            word.map(
                w ->
                    "{\"op\":\"Add\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\""
                        + w
                        + "@work.org\"}"),
            Arbitraries.of("work", "home", "other")
                .map(t -> "{\"op\":\"remove\",\"path\":\"emails[type eq \\\"" + t + "\\\"]\"}"),
            word.map(
                w ->
                    "{\"op\":\"replace\",\"value\":{\"displayName\":\""
                        + w
                        + "\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\":\""
                        + w
                        + "\"}}"),
            Arbitraries.of(
                "{\"op\":\"remove\",\"path\":\"title\"}",
                "{\"op\":\"remove\",\"path\":\"nickName\"}"),
            Arbitraries.of("{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}"));
    return op.list().ofMinSize(1).ofMaxSize(5);
  }
}
