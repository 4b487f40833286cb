package dev.cryptostream.producers.live;

import java.time.Instant;

/**
 * Venue trade ids {@code fromId..toId} (inclusive) of one symbol that never arrived.
 *
 * @param after trade time of the last trade seen before the gap, for venues whose REST API pages by
 *     time
 */
public record Gap(String symbol, long fromId, long toId, Instant after) {
  public Gap {
    if (fromId > toId) {
      throw new IllegalArgumentException("empty gap " + fromId + ".." + toId);
    }
  }

  public long size() {
    return toId - fromId + 1;
  }

  public boolean contains(long id) {
    return id >= fromId && id <= toId;
  }
}
