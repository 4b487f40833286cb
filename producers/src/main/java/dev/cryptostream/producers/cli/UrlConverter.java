package dev.cryptostream.producers.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** An absolute URL with a host and one of the allowed schemes, kept as the text given. */
public abstract class UrlConverter extends ParsedBy<String> {
  private final List<String> schemes;

  protected UrlConverter(String... schemes) {
    this.schemes = List.of(schemes);
  }

  @Override
  protected String parse(String value) {
    URI u;
    try {
      u = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: '" + value + "'");
    }
    if (u.getHost() == null || !schemes.contains(u.getScheme())) {
      throw new IllegalArgumentException(
          "must be a " + String.join("/", schemes) + " URL, got '" + value + "'");
    }
    return value;
  }

  /** ws:// or wss://. */
  public static final class WebSocket extends UrlConverter {
    public WebSocket() {
      super("ws", "wss");
    }
  }

  /** http:// or https://. */
  public static final class Http extends UrlConverter {
    public Http() {
      super("http", "https");
    }
  }
}
