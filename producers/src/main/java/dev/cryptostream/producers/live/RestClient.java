package dev.cryptostream.producers.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs JSON from a venue's public REST API, never faster than the venue's request limit allows. */
public final class RestClient {
  private final HttpClient http;
  private final long minIntervalNanos;
  private long lastRequestNanos = Long.MIN_VALUE;

  public RestClient(HttpClient http, Duration minInterval) {
    this.http = http;
    this.minIntervalNanos = minInterval.toNanos();
  }

  /** A base URL as configured, without a trailing slash, so paths can be appended. */
  public static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public synchronized JsonNode get(URI uri) throws IOException, InterruptedException {
    if (lastRequestNanos != Long.MIN_VALUE) {
      long wait = lastRequestNanos + minIntervalNanos - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    lastRequestNanos = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(15))
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      // The path only: query strings are ours and hold no secrets, but keep messages short.
      throw new IOException("HTTP " + response.statusCode() + " from " + uri.getPath());
    }
    try {
      return Json.tree(response.body());
    } catch (FrameException e) {
      throw new IOException("unreadable response from " + uri.getPath() + ": " + e.getMessage());
    }
  }
}
