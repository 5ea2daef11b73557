package dev.scimserverless.core.store;

import dev.scimserverless.core.change.ProvisioningChange;
import java.util.List;
import java.util.Optional;

/**
 * The read side of a store's outbox: the {@link ProvisioningChange}s its writes recorded, per
 * tenant in commit order, and the relays' cursors. The relay reads from a cursor, delivers, then
 * saves the cursor: at least once, never lost. Records are kept for the audit retention period.
 */
public interface ChangeOutbox {

  /**
   * The tenant's changes after {@code afterCursor} (exclusive; empty for the first), oldest first,
   * at most {@code limit}.
   */
  List<Entry> changesAfter(String tenant, Optional<String> afterCursor, int limit);

  /** The cursor a consumer saved for a tenant. */
  Optional<String> cursor(String tenant, String consumer);

  /** Saves a consumer's cursor for a tenant (after the changes up to it were delivered). */
  void saveCursor(String tenant, String consumer, String cursor);

  /**
   * One recorded change.
   *
   * @param cursor its position in the tenant's outbox (opaque, increasing in commit order)
   * @param change the change
   */
  record Entry(String cursor, ProvisioningChange change) {}
}
