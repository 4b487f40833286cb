package dev.cryptostream.pipeline.instrument;

import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/** Keys each trade by its instrument ("exchange:symbol"), the key of every keyed step. */
public class KeyByInstrument
    extends PTransform<PCollection<Trade>, PCollection<KV<String, Trade>>> {
  @Override
  public PCollection<KV<String, Trade>> expand(PCollection<Trade> trades) {
    return trades
        .apply("WithKeys", WithKeys.of(Trade::instrumentKey).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), TradeCoder.of()));
  }
}
