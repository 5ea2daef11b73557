package dev.scimserverless.store;

import dev.scimserverless.core.store.ProvisioningRecord;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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
}
