package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.StoreException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Maps SDK failures to {@link StoreException.Unavailable}, and an item DynamoDB refuses for its
 * size to an {@link IllegalArgumentException} (docs/data-model.md, "Failures" and "Item size").
 */
final class DynamoDbErrors {
  /** Cancellation reason: a condition expression of that action was false. */
  static final String CONDITION_FAILED = "ConditionalCheckFailed";

  /** Cancellation reason: another transaction was writing the same item. */
  static final String TRANSACTION_CONFLICT = "TransactionConflict";

  /** Cancellation reason: DynamoDB refused that action as invalid (e.g. an item over 400 KB). */
  static final String VALIDATION_ERROR = "ValidationError";

  /** What a write over the size limits means here: the service keeps documents below them. */
  static final String TOO_LARGE =
      "DynamoDB refused a write over its size limits (400 KB per item, 4 MB per transaction);"
          + " the service refuses resources over 350 KB before writing, so this is a defect";

  private static final Set<String> THROTTLING_REASONS =
      Set.of("ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded");

  private DynamoDbErrors() {}

  /**
   * The store failure for an SDK exception: throttling → {@code Unavailable(throttled=true)};
   * client side failures (network, timeouts) and 5xx → {@code Unavailable(throttled=false)}; an
   * item or request over DynamoDB's size limits → {@link IllegalArgumentException} naming the
   * limit; anything else (other validation errors, a missing table) is a defect and is returned
   * unchanged.
   */
  static RuntimeException map(SdkException e) {
    if (isThrottling(e)) {
      return new StoreException.Unavailable("DynamoDB throttled the request", true, e);
    }
    if (e instanceof SdkClientException) {
      return new StoreException.Unavailable("DynamoDB not reachable: " + e.getMessage(), false, e);
    }
    if (e instanceof InternalServerErrorException
        || (e instanceof AwsServiceException ase && ase.statusCode() >= 500)) {
      return new StoreException.Unavailable("DynamoDB failed: " + e.getMessage(), false, e);
    }
    if (isSizeLimit(e)) {
      return new IllegalArgumentException(TOO_LARGE + ": " + e.getMessage(), e);
    }
    return e;
  }

  /** The failure of a transaction action cancelled with {@value #VALIDATION_ERROR}. */
  static IllegalArgumentException invalidAction(CancellationReason reason, SdkException e) {
    return new IllegalArgumentException(
        "DynamoDB refused a transaction action as invalid ("
            + reason.message()
            + "); the usual cause, an item over its 400 KB limit, is prevented by the service,"
            + " which refuses resources over 350 KB before writing, so this is a defect",
        e);
  }

  /**
   * A {@code ValidationException} about a size limit: "Item size has exceeded the maximum allowed
   * size", "Item size to update has exceeded …", "Transaction request cannot be larger than 4 MB".
   */
  static boolean isSizeLimit(SdkException e) {
    if (!(e instanceof AwsServiceException ase) || ase.awsErrorDetails() == null) {
      return false;
    }
    String message = String.valueOf(ase.awsErrorDetails().errorMessage()).toLowerCase(Locale.ROOT);
    return "ValidationException".equals(ase.awsErrorDetails().errorCode())
        && (message.contains("item size") || message.contains("larger than"));
  }

  static boolean isThrottling(SdkException e) {
    if (e instanceof ProvisionedThroughputExceededException
        || e instanceof RequestLimitExceededException
        || e instanceof ThrottlingException) {
      return true;
    }
    if (e instanceof TransactionCanceledException tce && tce.hasCancellationReasons()) {
      return tce.cancellationReasons().stream().anyMatch(DynamoDbErrors::isThrottling);
    }
    return e instanceof AwsServiceException ase && ase.isThrottlingException();
  }

  static boolean isThrottling(CancellationReason reason) {
    return THROTTLING_REASONS.contains(reason.code());
  }
}
