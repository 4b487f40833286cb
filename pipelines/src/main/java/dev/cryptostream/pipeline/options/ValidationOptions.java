package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Business rules a parsed trade must pass. Durations are ISO-8601 (PT30S, P7D). */
public interface ValidationOptions extends PipelineOptions {
  @Description(
      "Comma-separated exchange ids to accept (e.g. binance,coinbase,kraken,okx,simulator); "
          + "empty accepts any well-formed id.")
  @Default.String("")
  String getKnownExchanges();

  void setKnownExchanges(String value);

  @Description("Regular expression the BASE-QUOTE symbol must match, e.g. '(BTC|ETH)-USDT?'.")
  @Default.String(".*")
  String getSymbolPattern();

  void setSymbolPattern(String value);

  @Description("How far in the future (processing time) a trade time may be, for clock skew.")
  @Default.String("PT30S")
  String getMaxFutureSkew();

  void setMaxFutureSkew(String value);

  @Description(
      "Oldest trade time accepted, relative to processing time (replays of history need more).")
  @Default.String("P7D")
  String getMaxTradeAge();

  void setMaxTradeAge(String value);

  @Description("Lowest sane price (inclusive), as a decimal; empty for no lower bound beyond > 0.")
  @Default.String("")
  String getMinPrice();

  void setMinPrice(String value);

  @Description("Highest sane price (inclusive), as a decimal; empty for no upper bound.")
  @Default.String("")
  String getMaxPrice();

  void setMaxPrice(String value);
}
