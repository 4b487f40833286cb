package dev.cryptostream.pipeline.kafka;

import java.io.Serializable;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where one credential comes from: a Secret Manager secret version (production on GCP) or an
 * environment variable (local runs, other clouds). Only the reference is serialized with the
 * pipeline; the value is fetched when a Kafka client is created, on the machine creating it.
 *
 * @param secretVersion {@code projects/P/secrets/S/versions/V}, or null to use the variable
 * @param envName name of the environment variable used when no secret version is given
 */
public record CredentialRef(@Nullable String secretVersion, String envName)
    implements Serializable {
  private static final Pattern SECRET_VERSION =
      Pattern.compile("projects/[^/\\s]+/secrets/[A-Za-z0-9_-]+/versions/(latest|[0-9]+)");

  public CredentialRef {
    if (secretVersion != null && secretVersion.isBlank()) {
      secretVersion = null;
    }
    if (secretVersion != null && !SECRET_VERSION.matcher(secretVersion).matches()) {
      throw new IllegalArgumentException(
          "a Secret Manager reference must look like projects/<project>/secrets/<name>/versions/<n|latest>");
    }
  }

  public static CredentialRef env(String envName) {
    return new CredentialRef(null, envName);
  }

  /** Reads how Secret Manager secrets are fetched; tests substitute their own. */
  @FunctionalInterface
  public interface SecretReader extends Serializable {
    String read(String secretVersion);
  }

  /**
   * The credential's value. Errors name the variable or secret, never a value.
   *
   * @param what what the credential is, for the error message ("Kafka user name")
   */
  public String resolve(Function<String, String> env, SecretReader secrets, String what) {
    if (secretVersion != null) {
      String v;
      try {
        v = secrets.read(secretVersion);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot read the "
                + what
                + " from Secret Manager "
                + secretVersion
                + ": "
                + e.getClass().getSimpleName(),
            e);
      }
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException(
            "Secret Manager " + secretVersion + " (the " + what + ") is empty");
      }
      return v;
    }
    String v = env.apply(envName);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(
          "environment variable " + envName + " (the " + what + ") is not set");
    }
    return v;
  }

  @Override
  public String toString() {
    return secretVersion != null ? "secret:" + secretVersion : "env:" + envName;
  }
}
