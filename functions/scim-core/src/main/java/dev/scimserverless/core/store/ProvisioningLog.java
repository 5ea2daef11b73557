package dev.scimserverless.core.store;

import java.util.List;
import java.util.Optional;

/**
 * The store port of the provisioning log: every failed SCIM request of a tenant, kept for {@link
 * #ERROR_RETENTION_DAYS} days, and the tenant's last {@link #SUCCESSES_KEPT} successful ones. Read
 * by the Admin API, newest first.
 */
public interface ProvisioningLog {
  int ERROR_RETENTION_DAYS = 30;
  int SUCCESSES_KEPT = 1000;

  /** Keeps a record. @throws StoreException.Unavailable when it cannot be written */
  void record(ProvisioningRecord record);

  /** One page, newest first. */
  Page query(String tenant, ProvisioningQuery query);

  /**
   * A page of records, newest first, and the cursor of the next page when there may be more.
   *
   * @param records the records
   * @param next the cursor to pass for the next page
   */
  record Page(List<ProvisioningRecord> records, Optional<String> next) {
    public Page {
      records = List.copyOf(records);
    }
  }

  /** A log that keeps nothing (functions that serve no tenant). */
  ProvisioningLog NONE =
      new ProvisioningLog() {
        @Override
        public void record(ProvisioningRecord record) {}

        @Override
        public Page query(String tenant, ProvisioningQuery query) {
          return new Page(List.of(), Optional.empty());
        }
      };
}
