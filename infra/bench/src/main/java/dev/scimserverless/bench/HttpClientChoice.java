package dev.scimserverless.bench;

import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The SDK's synchronous HTTP clients: apache5-client exactly as {@code DynamoDbClients.clientFor}
 * builds it for the functions (2 s connect timeout, 10 s socket timeout, 60 s connection time to
 * live and idle time, no reaper thread), the others with the same timeouts where the client has
 * them. One nested class per client, so that a JVM loads only the client it builds and needs only
 * that client's jars.
 */
final class HttpClientChoice {
  private static final Duration CONNECT = Duration.ofSeconds(2);
  private static final Duration SOCKET = Duration.ofSeconds(10);

  private HttpClientChoice() {}

  /** The functions' client (apache5-client). */
  static final String OURS = "apache5";

  /** The client named {@code url-connection}, {@code apache}, {@code apache5} or {@code crt}. */
  static SdkHttpClient build(String name) {
    return switch (name) {
      case "url-connection" -> UrlConnection.build();
      case "apache" -> Apache.build();
      case "apache5" -> Apache5.build();
      case "crt" -> Crt.build();
      default -> throw new IllegalArgumentException("unknown HTTP client " + name);
    };
  }

  private static final class UrlConnection {
    static SdkHttpClient build() {
      return UrlConnectionHttpClient.builder()
          .connectionTimeout(CONNECT)
          .socketTimeout(SOCKET)
          .build();
    }
  }

  /**
   * Deprecated in the SDK (2.57) in favour of apache5-client; measured as the long-time default.
   */
  @SuppressWarnings("deprecation")
  private static final class Apache {
    static SdkHttpClient build() {
      return ApacheHttpClient.builder().connectionTimeout(CONNECT).socketTimeout(SOCKET).build();
    }
  }

  /** As {@code DynamoDbClients.clientFor} builds it. */
  private static final class Apache5 {
    static SdkHttpClient build() {
      Duration connectionLife = Duration.ofSeconds(60);
      return Apache5HttpClient.builder()
          .connectionTimeout(CONNECT)
          .socketTimeout(SOCKET)
          .connectionTimeToLive(connectionLife)
          .connectionMaxIdleTime(connectionLife)
          .useIdleConnectionReaper(false)
          .build();
    }
  }

  private static final class Crt {
    static SdkHttpClient build() {
      return AwsCrtHttpClient.builder().connectionTimeout(CONNECT).build();
    }
  }
}
