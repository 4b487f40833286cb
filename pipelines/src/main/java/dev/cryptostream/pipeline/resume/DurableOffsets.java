package dev.cryptostream.pipeline.resume;

import java.util.Arrays;

/**
 * The Kafka offsets of one partition that the lake already holds (as a raw trade, a dead letter or
 * a price snapshot), built from the lake's rows in any order. Rows repeated by older launches count
 * once.
 */
final class DurableOffsets {
  private long[] offsets = new long[16];
  private int size;
  private boolean sorted = true;

  void add(long offset) {
    if (size == offsets.length) {
      offsets = Arrays.copyOf(offsets, size * 2);
    }
    if (size > 0 && offset <= offsets[size - 1]) {
      sorted = false;
    }
    offsets[size++] = offset;
  }

  /** Sorted, without repeats. */
  private void normalize() {
    if (sorted) {
      return;
    }
    Arrays.sort(offsets, 0, size);
    int distinct = 0;
    for (int i = 0; i < size; i++) {
      if (distinct == 0 || offsets[i] != offsets[distinct - 1]) {
        offsets[distinct++] = offsets[i];
      }
    }
    size = distinct;
    sorted = true;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long min() {
    normalize();
    return offsets[0];
  }

  long max() {
    normalize();
    return offsets[size - 1];
  }

  /** The smallest offset at or above {@code from} that is not durable. */
  long firstGapFrom(long from) {
    normalize();
    int i = Arrays.binarySearch(offsets, 0, size, from);
    if (i < 0) {
      return from;
    }
    long expected = from;
    while (i < size && offsets[i] == expected) {
      i++;
      expected++;
    }
    return expected;
  }

  /** How many durable offsets are at or above {@code from}. */
  long countFrom(long from) {
    normalize();
    int i = Arrays.binarySearch(offsets, 0, size, from);
    return (long) size - (i < 0 ? -i - 1 : i);
  }

  /** The durable offsets at or above {@code from}, as {@link OffsetsAbove}. */
  OffsetsAbove above(long from) {
    normalize();
    int i = Arrays.binarySearch(offsets, 0, size, from);
    i = i < 0 ? -i - 1 : i;
    java.util.BitSet bits = new java.util.BitSet();
    for (; i < size; i++) {
      long relative = offsets[i] - from;
      if (relative > Integer.MAX_VALUE) {
        throw new IllegalStateException("the lake's offsets of one partition span more than 2^31");
      }
      bits.set((int) relative);
    }
    return new OffsetsAbove(from, bits);
  }
}
