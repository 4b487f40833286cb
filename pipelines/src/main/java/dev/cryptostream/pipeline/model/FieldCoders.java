package dev.cryptostream.pipeline.model;

import java.math.BigDecimal;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The field coders the pipeline's own element coders are built from: strings as UTF-8, integers as
 * variable-length ints, decimals as scale plus unscaled value (exact, any scale, negative scales
 * included), nullable fields with a one-byte presence marker. All nested (length-prefixed).
 */
public final class FieldCoders {
  private FieldCoders() {}

  public static final Coder<String> STRING = StringUtf8Coder.of();
  public static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());
  public static final Coder<BigDecimal> DECIMAL = DecimalCoder.of();
  public static final Coder<BigDecimal> NULLABLE_DECIMAL = NullableCoder.of(DecimalCoder.of());
  public static final Coder<Long> LONG = VarLongCoder.of();
  public static final Coder<Integer> INT = VarIntCoder.of();
  public static final Coder<Double> DOUBLE = DoubleCoder.of();
  public static final Coder<Double> NULLABLE_DOUBLE = NullableCoder.of(DoubleCoder.of());
  public static final Coder<Boolean> BOOLEAN = BooleanCoder.of();
  public static final Coder<byte[]> NULLABLE_BYTES = NullableCoder.of(ByteArrayCoder.of());
}
