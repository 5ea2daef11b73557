package dev.scimserverless.handlers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The webhook queue on SQS FIFO ({@code WEBHOOK_QUEUE_URL}): SendMessageBatch of 10 in order, each
 * message in its subscription's group; a retry's backoff is ChangeMessageVisibility (at most the 12
 * hours SQS allows).
 */
final class SqsWebhookQueue implements WebhookQueue {
  static final Duration MAX_VISIBILITY = Duration.ofHours(12);
  private static final int PER_CALL = 10;

  private final SqsClient client;
  private final String url;

  SqsWebhookQueue(SqsClient client, String url) {
    this.client = client;
    this.url = url;
  }

  static SqsWebhookQueue fromEnvironment() {
    String url = System.getenv("WEBHOOK_QUEUE_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("WEBHOOK_QUEUE_URL is not set");
    }
    String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    SqsClient client =
        SqsClient.builder()
            .region(Region.of(region))
            .httpClientBuilder(Apache5HttpClient.builder())
            .build();
    return new SqsWebhookQueue(client, url);
  }

  @Override
  public void send(List<WebhookMessage> messages) {
    for (int from = 0; from < messages.size(); from += PER_CALL) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      List<WebhookMessage> chunk =
          messages.subList(from, Math.min(messages.size(), from + PER_CALL));
      for (int i = 0; i < chunk.size(); i++) {
        WebhookMessage m = chunk.get(i);
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .messageBody(m.toJson())
                .messageGroupId(m.group())
                .messageDeduplicationId(m.deduplicationId())
                .build());
      }
      SendMessageBatchResponse r = client.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
      if (r.hasFailed() && !r.failed().isEmpty()) {
        throw new IllegalStateException(
            r.failed().size() + " webhook messages not queued: " + r.failed().get(0).code());
      }
    }
  }

  @Override
  public void retryIn(String receiptHandle, Duration delay) {
    long seconds = Math.max(0, Math.min(delay.toSeconds(), MAX_VISIBILITY.toSeconds()));
    client.changeMessageVisibility(
        b -> b.queueUrl(url).receiptHandle(receiptHandle).visibilityTimeout((int) seconds));
  }
}
