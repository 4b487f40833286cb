package dev.cryptostream.pipeline.combine;

import org.joda.time.Instant;

/**
 * What {@link FoldPerBundle} builds from the elements of one key and window in one bundle, in the
 * order the bundle holds them.
 */
public interface BundleFold<V, A extends BundleFold<V, A>> {
  /** Takes one element with its timestamp; returns the fold to keep (this one or a new one). */
  A add(V value, Instant timestamp);
}
