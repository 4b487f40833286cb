package dev.cryptostream.contracts;

/** How a producer obtained a trade, as written on the wire. */
public enum TradeSource {
  WS("ws"),
  REST_BACKFILL("rest-backfill"),
  REPLAY("replay"),
  SIMULATOR("simulator");

  private final String wire;

  TradeSource(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Returns the source for a wire value, or {@code null} when the value is not one of ours. */
  public static TradeSource fromWire(String value) {
    for (TradeSource source : values()) {
      if (source.wire.equals(value)) {
        return source;
      }
    }
    return null;
  }
}
