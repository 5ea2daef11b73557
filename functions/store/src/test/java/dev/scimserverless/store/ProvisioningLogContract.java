package dev.scimserverless.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.ProvisioningQuery;
import dev.scimserverless.core.store.ProvisioningRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for every ProvisioningLog adapter. */
public abstract class ProvisioningLogContract {
  protected abstract ProvisioningLog newLog();

  private ProvisioningLog log;
  private String tenant;
  private final Instant t0 =
      Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

  @BeforeEach
  void setUp() {
    log = newLog();
    tenant = "t-" + UUID.randomUUID();
  }

  private ProvisioningRecord rec(int second, String route, int status, String scimType) {
    return new ProvisioningRecord(
        t0.plusSeconds(second),
        tenant,
        "req-" + second,
        "POST",
        route,
        status,
        scimType,
        status >= 400 ? "some detail" : "",
        "tok_1",
        "Okta SCIM Client 1.0.0",
        3,
        status == 201 ? List.of("urn:acme:costCenter") : List.of());
  }

  private static ProvisioningQuery query(
      ProvisioningQuery.Outcome outcome, Integer status, String route, int limit, String cursor) {
    return new ProvisioningQuery(
        outcome,
        Optional.ofNullable(status),
        Optional.ofNullable(route),
        Optional.empty(),
        limit,
        Optional.ofNullable(cursor));
  }

  private List<String> ids(ProvisioningLog.Page page) {
    return page.records().stream().map(ProvisioningRecord::requestId).toList();
  }

  @Test
  void keepsFailuresAndSuccessesNewestFirstWithEveryField() {
    log.record(rec(1, "/scim/v2/Users", 201, null));
    log.record(rec(2, "/scim/v2/Users", 409, "uniqueness"));
    log.record(rec(3, "/scim/v2/Users/{id}", 200, null));
    log.record(rec(4, "/scim/v2/Groups/{id}", 400, "invalidPath"));

    ProvisioningLog.Page all = log.query(tenant, ProvisioningQuery.newest(50));
    assertEquals(List.of("req-4", "req-3", "req-2", "req-1"), ids(all));
    assertTrue(all.next().isEmpty());
    ProvisioningRecord conflict = all.records().get(2);
    assertEquals(t0.plusSeconds(2), conflict.time());
    assertEquals(tenant, conflict.tenant());
    assertEquals("POST", conflict.method());
    assertEquals("/scim/v2/Users", conflict.route());
    assertEquals(409, conflict.status());
    assertEquals("uniqueness", conflict.scimType());
    assertEquals("some detail", conflict.detail());
    assertEquals("tok_1", conflict.tokenId());
    assertEquals("Okta SCIM Client 1.0.0", conflict.userAgent());
    assertEquals(3, conflict.latencyMillis());
    assertEquals(List.of("urn:acme:costCenter"), all.records().get(3).warnings());

    assertEquals(
        List.of("req-4", "req-2"),
        ids(log.query(tenant, query(ProvisioningQuery.Outcome.ERROR, null, null, 50, null))));
    assertEquals(
        List.of("req-3", "req-1"),
        ids(log.query(tenant, query(ProvisioningQuery.Outcome.SUCCESS, null, null, 50, null))));
    assertEquals(
        List.of("req-2"),
        ids(log.query(tenant, query(ProvisioningQuery.Outcome.ANY, 409, null, 50, null))));
    assertEquals(
        List.of("req-2", "req-1"),
        ids(
            log.query(
                tenant, query(ProvisioningQuery.Outcome.ANY, null, "/scim/v2/Users", 50, null))));
    ProvisioningQuery since =
        new ProvisioningQuery(
            ProvisioningQuery.Outcome.ANY,
            Optional.empty(),
            Optional.empty(),
            Optional.of(t0.plusSeconds(3)),
            50,
            Optional.empty());
    assertEquals(List.of("req-4", "req-3"), ids(log.query(tenant, since)));
  }

  @Test
  void pagesWithTheCursorUntilTheEnd() {
    for (int i = 0; i < 7; i++) {
      log.record(
          rec(i, "/scim/v2/Users", i % 2 == 0 ? 201 : 409, i % 2 == 0 ? null : "uniqueness"));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ProvisioningLog.Page page =
          log.query(tenant, query(ProvisioningQuery.Outcome.ANY, null, null, 3, cursor));
      seen.addAll(ids(page));
      cursor = page.next().orElse(null);
      pages++;
    } while (cursor != null && pages < 10);
    assertEquals(List.of("req-6", "req-5", "req-4", "req-3", "req-2", "req-1", "req-0"), seen);
    assertEquals(3, pages);
  }

  @Test
  void keepsOnlyTheLastSuccessesButEveryFailure() {
    int successes = ProvisioningLog.SUCCESSES_KEPT + 5;
    for (int i = 0; i < successes; i++) {
      log.record(rec(i, "/scim/v2/Users/{id}", 200, null));
    }
    log.record(rec(successes, "/scim/v2/Users", 409, "uniqueness"));
    List<ProvisioningRecord> kept = new ArrayList<>();
    String cursor = null;
    do {
      ProvisioningLog.Page page =
          log.query(tenant, query(ProvisioningQuery.Outcome.SUCCESS, null, null, 200, cursor));
      kept.addAll(page.records());
      cursor = page.next().orElse(null);
    } while (cursor != null);
    assertEquals(ProvisioningLog.SUCCESSES_KEPT, kept.size());
    assertEquals("req-" + (successes - 1), kept.get(0).requestId());
    assertEquals("req-5", kept.get(kept.size() - 1).requestId());
    assertEquals(
        List.of("req-" + successes),
        ids(log.query(tenant, query(ProvisioningQuery.Outcome.ERROR, null, null, 50, null))));
  }

  @Test
  void tenantsAreApart() {
    log.record(rec(1, "/scim/v2/Users", 409, "uniqueness"));
    assertTrue(log.query("other-" + tenant, ProvisioningQuery.newest(10)).records().isEmpty());
  }
}
