package dev.cryptostream.pipeline.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * Beam's {@code BigDecimalCoder} format as a nested field, byte for byte (the scale as a
 * variable-length int, then the unscaled value's two's-complement bytes, length-prefixed), so state
 * and checkpoints written with either read with the other. Beam's coder formats its null-check
 * message with {@code String.format} on every call, twice per decimal: with two decimals in every
 * trade that was a sizeable share of each trade's encoding on every runner.
 */
public final class DecimalCoder extends AtomicCoder<BigDecimal> {
  private static final DecimalCoder INSTANCE = new DecimalCoder();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

  public static DecimalCoder of() {
    return INSTANCE;
  }

  private DecimalCoder() {}

  @Override
  public void encode(BigDecimal value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null BigDecimal");
    }
    VarInt.encode(value.scale(), out);
    BYTES.encode(value.unscaledValue().toByteArray(), out);
  }

  @Override
  public BigDecimal decode(InputStream in) throws IOException {
    int scale = VarInt.decodeInt(in);
    return new BigDecimal(new BigInteger(BYTES.decode(in)), scale);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    // The scale is encoded, as BigDecimal.equals compares it: 1.0 and 1.00 differ in both.
    return true;
  }
}
