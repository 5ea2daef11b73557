package dev.scimserverless.handlers;

import java.time.Duration;
import java.util.List;

/** The per-subscription delivery queue (SQS FIFO in AWS; a list in tests). */
interface WebhookQueue {
  /**
   * Queues the messages, in order.
   *
   * @throws RuntimeException when one was not queued (the stream record is retried)
   */
  void send(List<WebhookMessage> messages);

  /** Makes a received message visible again after {@code delay} (its retry's backoff). */
  void retryIn(String receiptHandle, Duration delay);
}
