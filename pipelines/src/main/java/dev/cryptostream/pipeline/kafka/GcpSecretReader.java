package dev.cryptostream.pipeline.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.util.GcpSecret;

/**
 * Fetches a secret version from Google Secret Manager with application default credentials. Values
 * are kept per worker JVM for a few minutes: KafkaIO creates consumers often (readers, offset
 * commits, restarts), and each would otherwise cost a Secret Manager call and a point of failure. A
 * rotated secret is picked up within {@link #TTL_MILLIS}.
 */
public final class GcpSecretReader implements CredentialRef.SecretReader {
  private static final long serialVersionUID = 1L;
  static final long TTL_MILLIS = 5 * 60_000L;

  private record Cached(String value, long fetchedAtMillis) {}

  private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

  @Override
  public String read(String secretVersion) {
    long now = System.currentTimeMillis();
    Cached c = CACHE.get(secretVersion);
    if (c != null && now - c.fetchedAtMillis() < TTL_MILLIS) {
      return c.value();
    }
    String value =
        new String(new GcpSecret(secretVersion).getSecretBytes(), StandardCharsets.UTF_8);
    CACHE.put(secretVersion, new Cached(value, now));
    return value;
  }
}
