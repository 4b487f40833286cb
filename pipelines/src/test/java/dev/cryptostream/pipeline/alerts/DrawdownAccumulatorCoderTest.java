package dev.cryptostream.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** The drawdown buckets' coder: every bucket survives, in order, with its times. */
class DrawdownAccumulatorCoderTest {
  private static final long S = 1_000_000L;

  private static DrawdownAccumulator roundTrip(DrawdownAccumulator a) throws Exception {
    DrawdownAccumulator back = CoderUtils.clone(DrawdownAccumulatorCoder.of(), a);
    assertArrayEquals(
        CoderUtils.encodeToByteArray(DrawdownAccumulatorCoder.of(), a),
        CoderUtils.encodeToByteArray(DrawdownAccumulatorCoder.of(), back));
    assertEquals(a.buckets(), back.buckets());
    return back;
  }

  @Test
  void emptyAndFullRoundTrip() throws Exception {
    assertTrue(roundTrip(new DrawdownAccumulator()).isEmpty());
    DrawdownAccumulator a = new DrawdownAccumulator();
    a.add(new BigDecimal("99999999999999999999.999999999999999999"), -3 * S - 1); // before 1970
    a.add(new BigDecimal("0.000000000000000001"), -3 * S + 5);
    a.add(new BigDecimal("1E+3"), 0);
    a.add(new BigDecimal("120"), 1_795_000_000L * S);
    a.add(new BigDecimal("90.50"), 1_795_000_000L * S + 999_999);
    DrawdownAccumulator back = roundTrip(a);
    assertEquals(4, back.bucketCount());
    assertEquals(a.largestDrop(), back.largestDrop());
  }

  @Test
  void aMinuteOfBucketsCostsLittle() throws Exception {
    DrawdownAccumulator a = new DrawdownAccumulator();
    for (int s = 0; s < 60; s++) {
      a.add(new BigDecimal("97123.45"), 1_795_000_000L * S + s * S);
    }
    roundTrip(a);
    int bytes = CoderUtils.encodeToByteArray(DrawdownAccumulatorCoder.of(), a).length;
    assertTrue(bytes < 60 * 16, "60 buckets in " + bytes + " bytes");
  }

  @Test
  void theCoderIsDeterministicAndSerializable() throws Exception {
    DrawdownAccumulatorCoder.of().verifyDeterministic();
    CoderProperties.coderSerializable(DrawdownAccumulatorCoder.of());
  }
}
