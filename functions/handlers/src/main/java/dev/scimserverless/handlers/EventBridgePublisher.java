package dev.scimserverless.handlers;

import dev.scimserverless.core.events.ProvisioningEvent;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes events to an EventBridge bus with PutEvents, 10 entries per call in order; an entry
 * that failed fails the call (the stream record is retried; its events keep their ids).
 */
final class EventBridgePublisher implements EventsHandler.EventPublisher {
  static final String SOURCE = "scim-serverless";
  private static final int ENTRIES_PER_CALL = 10;

  private final EventBridgeClient client;
  private final String bus;

  EventBridgePublisher(EventBridgeClient client, String bus) {
    this.client = client;
    this.bus = bus;
  }

  static EventBridgePublisher fromEnvironment() {
    String bus = System.getenv("EVENT_BUS_NAME");
    if (bus == null || bus.isBlank()) {
      throw new IllegalStateException("EVENT_BUS_NAME is not set");
    }
    String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    EventBridgeClient client =
        EventBridgeClient.builder()
            .region(Region.of(region))
            .httpClientBuilder(Apache5HttpClient.builder())
            .build();
    return new EventBridgePublisher(client, bus);
  }

  @Override
  public void publish(List<ProvisioningEvent> events) {
    for (int from = 0; from < events.size(); from += ENTRIES_PER_CALL) {
      List<PutEventsRequestEntry> entries = new ArrayList<>();
      for (ProvisioningEvent e :
          events.subList(from, Math.min(events.size(), from + ENTRIES_PER_CALL))) {
        entries.add(
            PutEventsRequestEntry.builder()
                .eventBusName(bus)
                .source(SOURCE)
                .detailType(e.type())
                .detail(EventsHandler.detail(e))
                .build());
      }
      PutEventsResponse r = client.putEvents(b -> b.entries(entries));
      if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
        String code =
            r.entries().stream()
                .map(PutEventsResultEntry::errorCode)
                .filter(c -> c != null)
                .findFirst()
                .orElse("unknown");
        throw new IllegalStateException(r.failedEntryCount() + " events not put: " + code);
      }
    }
  }
}
