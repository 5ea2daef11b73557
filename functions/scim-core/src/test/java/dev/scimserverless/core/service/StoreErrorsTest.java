package dev.scimserverless.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimserverless.core.error.ScimException;
import dev.scimserverless.core.error.ScimType;
import dev.scimserverless.core.resource.ResourceType;
import dev.scimserverless.core.store.StoreException;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The one mapping of store failures to SCIM errors. */
class StoreErrorsTest {

  private static ScimException failing(boolean conditioned, StoreException e) {
    Supplier<String> call =
        () -> {
          throw e;
        };
    return assertThrows(
        ScimException.class, () -> StoreErrors.call(ResourceType.GROUP, conditioned, call));
  }

  private static ScimException failing(StoreException e) {
    return failing(false, e);
  }

  @Test
  void eachStoreFailureHasItsScimError() {
    ScimException taken = failing(new StoreException.UniquenessConflict("displayName"));
    assertEquals(409, taken.status());
    assertEquals(Optional.of(ScimType.uniqueness), taken.scimType());
    assertEquals("A Group with this displayName already exists.", taken.detail());

    ScimException gone = failing(new StoreException.NotFound("x"));
    assertEquals(404, gone.status());
    assertEquals("Group does not exist.", gone.detail());

    ScimException member = failing(new StoreException.InvalidMember("u-1"));
    assertEquals(400, member.status());
    assertEquals(Optional.of(ScimType.invalidValue), member.scimType());
    assertTrue(member.detail().contains("u-1"));

    ScimException throttled = failing(new StoreException.Unavailable("slow", true, null));
    assertEquals(429, throttled.status());
    assertEquals(Optional.of(StoreErrors.RETRY_AFTER_SECONDS), throttled.retryAfterSeconds());

    ScimException down = failing(new StoreException.Unavailable("down", false, null));
    assertEquals(503, down.status());
    assertEquals(Optional.of(StoreErrors.RETRY_AFTER_SECONDS), down.retryAfterSeconds());
  }

  @Test
  void aVersionConflictIs412WhenConditionedAndARetryOtherwise() {
    assertEquals(412, failing(true, new StoreException.VersionConflict("v")).status());
    ScimException race = failing(false, new StoreException.VersionConflict("v"));
    assertEquals(429, race.status());
    assertEquals(Optional.of(StoreErrors.RETRY_AFTER_SECONDS), race.retryAfterSeconds());
  }

  @Test
  void anAttemptThatMayRetryIsEmptyOnAVersionConflict() {
    Supplier<String> lost =
        () -> {
          throw new StoreException.VersionConflict("v");
        };
    assertEquals(Optional.empty(), StoreErrors.attempt(ResourceType.USER, false, true, lost));
    assertEquals(
        Optional.of("ok"), StoreErrors.attempt(ResourceType.USER, false, true, () -> "ok"));
    assertEquals(
        412,
        assertThrows(
                ScimException.class, () -> StoreErrors.attempt(ResourceType.USER, true, true, lost))
            .status());
  }

  @Test
  void aCallWithoutResultRunsAndOtherExceptionsPassThrough() {
    int[] ran = {0};
    StoreErrors.run(ResourceType.USER, () -> ran[0]++);
    assertEquals(1, ran[0]);
    assertThrows(
        IllegalStateException.class,
        () ->
            StoreErrors.run(
                ResourceType.USER,
                () -> {
                  throw new IllegalStateException("a defect");
                }));
  }
}
