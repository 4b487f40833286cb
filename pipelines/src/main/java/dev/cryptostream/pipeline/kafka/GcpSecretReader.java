package dev.cryptostream.pipeline.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.util.GcpSecret;

/** Fetches a secret version from Google Secret Manager with application default credentials. */
public final class GcpSecretReader implements CredentialRef.SecretReader {
  @Override
  public String read(String secretVersion) {
    return new String(new GcpSecret(secretVersion).getSecretBytes(), StandardCharsets.UTF_8);
  }
}
