package dev.scimserverless.bench;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * One JVM of {@link HttpClients}: builds a DynamoDbClient on the named HTTP client, makes a first
 * GetItem, and with {@code --warm N} times N more after as many unrecorded ones. Prints {@code
 * BENCH built=<µs> first=<µs>} (since the parent launched the process) and, when warm, {@code p50=
 * p90= p99= sum=} in ns.
 *
 * <p>Usage: {@code HttpClientMain --client url-connection|apache|apache5|crt --endpoint URL --table
 * T [--warm N]}
 */
public final class HttpClientMain {
  private HttpClientMain() {}

  public static void main(String[] args) {
    long launched = Long.parseLong(System.getProperty("bench.t0"));
    Args a = Args.parse(args);
    int warm = a.integer("warm", 0);

    DynamoDbClient client =
        DynamoDbClient.builder()
            .httpClient(HttpClientChoice.build(a.required("client")))
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(a.required("endpoint")))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build();
    long built = ColdStartMain.micros();
    GetItemRequest get =
        GetItemRequest.builder()
            .tableName(a.required("table"))
            .key(HttpClients.ITEM_KEY)
            .consistentRead(true)
            .build();
    check(client.getItem(get).item());
    long first = ColdStartMain.micros();

    StringBuilder line =
        new StringBuilder("BENCH built=" + (built - launched) + " first=" + (first - launched));
    if (warm > 0) {
      for (int i = 0; i < warm; i++) {
        check(client.getItem(get).item());
      }
      long[] nanos = new long[warm];
      for (int i = 0; i < warm; i++) {
        long start = System.nanoTime();
        Map<String, AttributeValue> item = client.getItem(get).item();
        nanos[i] = System.nanoTime() - start;
        check(item);
      }
      Samples s = Samples.of(nanos);
      line.append(" p50=").append(s.median());
      line.append(" p90=").append(s.percentile(90));
      line.append(" p99=").append(s.percentile(99));
      line.append(" sum=").append(s.sum());
    }
    client.close();
    System.out.println(line);
    System.exit(0);
  }

  private static void check(Map<String, AttributeValue> item) {
    if (item == null || !item.containsKey("payload")) {
      throw new IllegalStateException("GetItem did not return the item: " + item);
    }
  }
}
