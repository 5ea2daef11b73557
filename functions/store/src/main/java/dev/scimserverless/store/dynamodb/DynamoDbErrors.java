package dev.scimserverless.store.dynamodb;

import dev.scimserverless.core.store.StoreException;
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

/** Maps SDK failures to {@link StoreException.Unavailable} (docs/data-model.md, "Failures"). */
final class DynamoDbErrors {
  /** Cancellation reason: a condition expression of that action was false. */
  static final String CONDITION_FAILED = "ConditionalCheckFailed";

  /** Cancellation reason: another transaction was writing the same item. */
  static final String TRANSACTION_CONFLICT = "TransactionConflict";

  private static final Set<String> THROTTLING_REASONS =
      Set.of("ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded");

  private DynamoDbErrors() {}

  /**
   * The store failure for an SDK exception: throttling → {@code Unavailable(throttled=true)};
   * client side failures (network, timeouts) and 5xx → {@code Unavailable(throttled=false)};
   * anything else (validation errors, a missing table) is a defect and is returned unchanged.
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
    return e;
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
