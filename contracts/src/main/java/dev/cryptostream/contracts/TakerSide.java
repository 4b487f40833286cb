package dev.cryptostream.contracts;

/** The taker's (aggressor's) side of a trade, as written on the wire. */
public enum TakerSide {
  BUY("buy"),
  SELL("sell"),
  UNKNOWN("unknown");

  private final String wire;

  TakerSide(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Returns the side for a wire value, or {@code null} when the value is not one of ours. */
  public static TakerSide fromWire(String value) {
    for (TakerSide side : values()) {
      if (side.wire.equals(value)) {
        return side;
      }
    }
    return null;
  }
}
