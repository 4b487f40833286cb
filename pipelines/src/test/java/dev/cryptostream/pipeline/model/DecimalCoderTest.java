package dev.cryptostream.pipeline.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.junit.jupiter.api.Test;

class DecimalCoderTest {
  private static byte[] encode(Coder<BigDecimal> coder, BigDecimal value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    coder.encode(value, out); // nested: how the pipeline's element coders write their fields
    coder.encode(value, out); // twice, so a length or scale misread would show
    return out.toByteArray();
  }

  private static BigDecimal decodeTwice(Coder<BigDecimal> coder, byte[] bytes) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    BigDecimal first = coder.decode(in);
    assertEquals(first, coder.decode(in));
    assertEquals(0, in.available());
    return first;
  }

  @Test
  void writesAndReadsBeamsBigDecimalFormatByteForByte() throws IOException {
    Random random = new Random(17);
    for (int i = 0; i < 50_000; i++) {
      BigDecimal value =
          new BigDecimal(new BigInteger(random.nextInt(200), random), random.nextInt(80) - 20);
      if (random.nextBoolean()) {
        value = value.negate();
      }
      byte[] ours = encode(DecimalCoder.of(), value);
      assertArrayEquals(encode(BigDecimalCoder.of(), value), ours, value::toString);
      assertEquals(value, decodeTwice(DecimalCoder.of(), ours), value::toString);
      assertEquals(value, decodeTwice(BigDecimalCoder.of(), ours), value::toString);
    }
    for (String s : new String[] {"0", "0.000", "1E+5", "-1E-30", "76650.00000000"}) {
      BigDecimal value = new BigDecimal(s);
      assertArrayEquals(encode(BigDecimalCoder.of(), value), encode(DecimalCoder.of(), value), s);
      assertEquals(
          value.scale(), decodeTwice(DecimalCoder.of(), encode(DecimalCoder.of(), value)).scale());
    }
  }

  @Test
  void refusesNull() {
    assertThrows(
        CoderException.class, () -> DecimalCoder.of().encode(null, new ByteArrayOutputStream()));
  }
}
