package dev.cryptostream.producers.coingecko;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One HTTP call to CoinGecko's {@code /api/v3/simple/price}. The API key travels only in the {@code
 * x-cg-demo-api-key} header: it is never part of the URL, of {@link #toString()} or of an exception
 * message (the JDK's HTTP client does not echo request headers).
 */
public final class CoinGeckoClient {
  public static final String DEFAULT_BASE_URL = "https://api.coingecko.com";
  public static final String API_KEY_HEADER = "x-cg-demo-api-key";

  /**
   * What came back: status, body (decoded as the response's charset, UTF-8 by default) and
   * Retry-After.
   */
  public record Response(int status, String body, Optional<String> retryAfter) {}

  private final URI baseUrl;
  private final String apiKey; // null: call without a key
  private final Duration timeout;
  private final HttpClient http;

  public CoinGeckoClient(URI baseUrl, String apiKey, Duration timeout) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  public boolean hasApiKey() {
    return apiKey != null;
  }

  /** The request URI, without credentials; safe to print and to put into dead letters. */
  public URI simplePriceUri(List<String> coins, List<String> vsCurrencies) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    return URI.create(
        base
            + "/api/v3/simple/price?ids="
            + join(coins)
            + "&vs_currencies="
            + join(vsCurrencies)
            + "&include_last_updated_at=true&include_24hr_vol=true&include_24hr_change=true"
            + "&include_market_cap=true&precision=full");
  }

  private static String join(List<String> values) {
    return values.stream()
        .map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8))
        .collect(Collectors.joining(","));
  }

  /**
   * Makes the call. Throws {@link java.net.http.HttpTimeoutException} when no complete answer came
   * within the timeout, other {@link IOException}s when the connection failed.
   */
  public Response fetchSimplePrice(List<String> coins, List<String> vsCurrencies)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(simplePriceUri(coins, vsCurrencies))
            .timeout(timeout)
            .header("accept", "application/json")
            .GET();
    if (apiKey != null) {
      request.header(API_KEY_HEADER, apiKey);
    }
    HttpResponse<String> r =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(r.statusCode(), r.body(), r.headers().firstValue("retry-after"));
  }

  @Override
  public String toString() {
    return "CoinGeckoClient[" + baseUrl + ", api key " + (apiKey == null ? "none" : "set") + "]";
  }
}
