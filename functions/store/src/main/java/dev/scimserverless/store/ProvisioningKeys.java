package dev.scimserverless.store;

import dev.scimserverless.core.store.ProvisioningLog;
import dev.scimserverless.core.store.ProvisioningRecord;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order of the provisioning log, the same in every adapter: a fixed-width UTC time, then the
 * request id, so that string order is time order and the key of the last record shown is the cursor
 * of the next page.
 */
public final class ProvisioningKeys {
  private static final DateTimeFormatter SORTABLE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private ProvisioningKeys() {}

  public static String sortKey(ProvisioningRecord r) {
    return SORTABLE.format(r.time()) + "#" + r.requestId();
  }

  /**
   * One page of the records found (keyed by {@link #sortKey}): newest first, at most {@code limit},
   * and the key of the last one shown as the next page's cursor when there are more.
   */
  public static ProvisioningLog.Page newestFirst(
      Collection<Map.Entry<String, ProvisioningRecord>> found, int limit) {
    List<Map.Entry<String, ProvisioningRecord>> page =
        found.stream()
            .sorted(Map.Entry.<String, ProvisioningRecord>comparingByKey(Comparator.reverseOrder()))
            .limit(limit + 1L)
            .toList();
    boolean more = page.size() > limit;
    List<Map.Entry<String, ProvisioningRecord>> shown = more ? page.subList(0, limit) : page;
    return new ProvisioningLog.Page(
        shown.stream().map(Map.Entry::getValue).toList(),
        more ? Optional.of(shown.get(shown.size() - 1).getKey()) : Optional.empty());
  }
}
