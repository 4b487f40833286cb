package dev.cryptostream.pipeline.instrument;

import dev.cryptostream.pipeline.model.FieldCoders;
import dev.cryptostream.pipeline.model.TradeCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.joda.time.Instant;

/** A {@link TradeBatch} as its size, then each trade ({@link TradeCoder}) and its timestamp. */
public final class TradeBatchCoder extends AtomicCoder<TradeBatch> {
  private static final TradeBatchCoder INSTANCE = new TradeBatchCoder();

  public static TradeBatchCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(TradeBatch batch, OutputStream out) throws IOException {
    FieldCoders.INT.encode(batch.size(), out);
    for (int i = 0; i < batch.size(); i++) {
      TradeCoder.of().encode(batch.trade(i), out);
      FieldCoders.LONG.encode(batch.timestampMillis(i), out);
    }
  }

  @Override
  public TradeBatch decode(InputStream in) throws IOException {
    int size = FieldCoders.INT.decode(in);
    if (size < 0) {
      throw new CoderException("negative trade batch size " + size);
    }
    // Grown as trades are read: a corrupt size fails at the end of the input, not in an allocation.
    TradeBatch batch = TradeBatch.withCapacity(Math.min(size, 1_024));
    for (int i = 0; i < size; i++) {
      batch.add(TradeCoder.of().decode(in), new Instant(FieldCoders.LONG.decode(in)));
    }
    return batch;
  }

  @Override
  public void verifyDeterministic() {}
}
