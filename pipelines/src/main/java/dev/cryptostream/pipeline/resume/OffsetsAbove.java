package dev.cryptostream.pipeline.resume;

import java.io.Serializable;
import java.util.BitSet;

/**
 * Which offsets of one partition are durable, as the workers need it: everything below {@code
 * firstGap}, and above it the offsets set in {@code durable} (relative to firstGap).
 */
record OffsetsAbove(long firstGap, BitSet durable) implements Serializable {
  private static final long serialVersionUID = 1L;

  boolean contains(long offset) {
    if (offset < firstGap) {
      return true;
    }
    long relative = offset - firstGap;
    return relative <= Integer.MAX_VALUE && durable.get((int) relative);
  }
}
