package dev.scimserverless.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimserverless.core.json.Json;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.MembershipStore;
import dev.scimserverless.core.store.ResourceStore;
import dev.scimserverless.core.store.ScimStore;
import dev.scimserverless.core.store.TenantDirectory;
import dev.scimserverless.core.store.TenantId;
import dev.scimserverless.core.store.TenantStore;
import dev.scimserverless.store.dynamodb.CountingDynamoDbClient;
import dev.scimserverless.store.dynamodb.DynamoDbStore;
import dev.scimserverless.store.memory.InMemoryAuditLog;
import dev.scimserverless.store.memory.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The SnapStart priming requests only read (nothing is stored, audited or touched), are answered on
 * a working store, and never throw when the store fails.
 */
class SnapStartPrimingTest {

  /** The store methods that read; priming may call only these. */
  private static final Set<String> READS =
      Set.of(
          "get",
          "getAll",
          "list",
          "count",
          "findIdByUniqueKey",
          "findIdsByLookupKey",
          "listUniqueKeys",
          "missingUsers",
          "members",
          "isMember",
          "groupsOf",
          "getTenant",
          "listTenants",
          "findTokenByHash",
          "listTokens");

  /** Every store interface, for a recording proxy. */
  interface Store extends ScimStore, TenantDirectory {}

  /** An in-memory store that records the names of the methods called on it and its ports. */
  static Store recording(InMemoryStore target, List<String> calls) {
    return recording(Store.class, target, calls);
  }

  private static <T> T recording(Class<T> type, Object target, List<String> calls) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
              }
              if (!method.getName().equals("forTenant")) {
                calls.add(method.getName());
              }
              Object result;
              try {
                result = method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof TenantStore t) {
                return new TenantStore(
                    t.tenant(),
                    recording(ResourceStore.class, t.resources(), calls),
                    recording(MembershipStore.class, t.memberships(), calls));
              }
              return result;
            }));
  }

  @Test
  void primingOnlyReadsAndLeavesNoData() {
    InMemoryStore memory = new InMemoryStore();
    List<String> calls = new ArrayList<>();
    Store store = recording(memory, calls);
    InMemoryAuditLog audit = new InMemoryAuditLog();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    FunctionSupport support =
        FunctionSupport.of(audit).withLog(RequestLog.to(new PrintStream(log, true)));

    List<SnapStartPriming> primings =
        List.of(
            SnapStartPriming.users(new UsersHandler(store, support)),
            SnapStartPriming.groups(new GroupsHandler(store, support)),
            SnapStartPriming.discovery(new DiscoveryHandler(support)),
            SnapStartPriming.authorizer(new TokenAuthorizerHandler(store)));
    for (SnapStartPriming priming : primings) {
      assertEquals(priming.size(), priming.prime(), "every priming request answered as expected");
    }

    assertTrue(calls.size() >= 5, "the store was used: " + calls);
    for (String call : calls) {
      assertTrue(READS.contains(call), "priming called " + call + " on the store: " + calls);
    }
    String tenant = SnapStartPriming.TENANT;
    assertEquals(0, memory.forTenant(TenantId.of(tenant)).resources().count(ResourceType.USER));
    assertEquals(0, memory.forTenant(TenantId.of(tenant)).resources().count(ResourceType.GROUP));
    assertEquals(List.of(), memory.listTenants());
    assertEquals(List.of(), memory.listTokens(tenant));
    assertEquals(List.of(), audit.query(tenant, Instant.EPOCH, Optional.empty(), 100));

    List<JsonNode> lines = log.toString(StandardCharsets.UTF_8).lines().map(Json::parse).toList();
    assertEquals(7, lines.size(), "one log line per SCIM priming request: " + lines);
    for (JsonNode line : lines) {
      assertEquals(tenant, line.get("tenant").asText());
      assertEquals("GET", line.get("method").asText());
      assertTrue(Set.of(200, 404).contains(line.get("status").asInt()), line.toString());
    }
  }

  @Test
  void primingSwallowsAnUnreachableDynamoDb() {
    CountingDynamoDbClient client =
        new CountingDynamoDbClient(
            new SecurityStoreFailureTest.FailingClient(
                () -> SdkClientException.create("Unable to execute HTTP request: refused")));
    DynamoDbStore store = new DynamoDbStore(client, "scim");
    FunctionSupport support =
        FunctionSupport.of(new InMemoryAuditLog(), client::totalCalls)
            .withLog(RequestLog.to(new PrintStream(new ByteArrayOutputStream(), true)));

    SnapStartPriming users = SnapStartPriming.users(new UsersHandler(store, support));
    SnapStartPriming groups = SnapStartPriming.groups(new GroupsHandler(store, support));
    SnapStartPriming authorizer = SnapStartPriming.authorizer(new TokenAuthorizerHandler(store));

    assertEquals(0, users.prime());
    assertEquals(0, groups.prime());
    assertEquals(0, authorizer.prime());
    assertTrue(client.totalCalls() > 0, "priming tried DynamoDB");
  }

  @Test
  void theCheckpointHookSwallowsFailuresThrownByTheHandler() {
    TenantDirectory broken =
        (TenantDirectory)
            Proxy.newProxyInstance(
                TenantDirectory.class.getClassLoader(),
                new Class<?>[] {TenantDirectory.class},
                (proxy, method, args) -> {
                  throw new IllegalStateException("no store");
                });
    SnapStartPriming priming = SnapStartPriming.authorizer(new TokenAuthorizerHandler(broken));

    priming.beforeCheckpoint(null);
    priming.afterRestore(null);
    assertEquals(0, priming.prime());
  }

  @Test
  void registeringOnAJvmWithoutCracDoesNotRunThePriming() {
    List<String> calls = new ArrayList<>();
    Store store = recording(new InMemoryStore(), calls);
    SnapStartPriming priming =
        SnapStartPriming.users(new UsersHandler(store, FunctionSupport.inMemory()));

    assertEquals(priming, priming.register());
    assertEquals(List.of(), calls, "the hook runs only at a checkpoint");
  }
}
