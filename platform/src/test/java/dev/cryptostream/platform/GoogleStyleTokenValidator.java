package dev.cryptostream.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerExtensionsValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;

/**
 * The test broker's OAUTHBEARER validator, judging tokens the way Google Cloud Managed Kafka takes
 * them from Google's login handler: three base64url parts, a header with algorithm {@code
 * GOOG_OAUTH2_TOKEN}, claims naming the service account ({@code sub}) and expiry, and in the third
 * part a Google access token, here one that {@link FakeGoogleTokenServer} issued. The principal is
 * the service account's email.
 */
public final class GoogleStyleTokenValidator implements AuthenticateCallbackHandler {
  /** Principals this broker let in, for the tests to check. */
  static final Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void configure(
      Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> jaasConfigEntries) {}

  @Override
  public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
    for (Callback c : callbacks) {
      if (c instanceof OAuthBearerValidatorCallback v) {
        validate(v);
      } else if (!(c instanceof OAuthBearerExtensionsValidatorCallback)) {
        throw new UnsupportedCallbackException(c); // extensions: none expected, none accepted
      }
    }
  }

  private static void validate(OAuthBearerValidatorCallback v) {
    String[] parts = v.tokenValue().split("\\.", -1);
    try {
      if (parts.length != 3) {
        throw new IOException("not three parts");
      }
      Base64.Decoder b64 = Base64.getUrlDecoder();
      JsonNode header = JSON.readTree(b64.decode(parts[0]));
      JsonNode claims = JSON.readTree(b64.decode(parts[1]));
      String accessToken =
          new String(b64.decode(parts[2]), java.nio.charset.StandardCharsets.UTF_8);
      long expiresSeconds = claims.path("exp").asLong();
      String subject = claims.path("sub").asText();
      if (!"GOOG_OAUTH2_TOKEN".equals(header.path("alg").asText())
          || !FakeGoogleTokenServer.wasIssued(accessToken)
          || expiresSeconds * 1000 < System.currentTimeMillis()
          || subject.isEmpty()) {
        v.error("invalid_token", null, null);
        return;
      }
      long issuedMs = claims.path("iat").asLong() * 1000;
      v.token(
          new OAuthBearerToken() {
            @Override
            public String value() {
              return v.tokenValue();
            }

            @Override
            public Set<String> scope() {
              return Set.of(claims.path("scope").asText());
            }

            @Override
            public long lifetimeMs() {
              return expiresSeconds * 1000;
            }

            @Override
            public String principalName() {
              return subject;
            }

            @Override
            public Long startTimeMs() {
              return issuedMs;
            }
          });
      ACCEPTED.add(subject);
    } catch (IOException | IllegalArgumentException e) {
      v.error("invalid_token", null, null);
    }
  }

  @Override
  public void close() {}
}
