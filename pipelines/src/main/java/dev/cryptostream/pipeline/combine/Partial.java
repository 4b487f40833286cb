package dev.cryptostream.pipeline.combine;

import java.io.Serializable;
import org.joda.time.Instant;

/**
 * A partial aggregate that can take inputs and absorb other partials. {@link #merge} must be
 * associative and commutative: partials are built per bundle anywhere and merged in any order.
 */
public interface Partial<V, A extends Partial<V, A>> extends BundleFold<V, A>, Serializable {
  A add(V value);

  /** A partial aggregate does not depend on its inputs' timestamps. */
  @Override
  default A add(V value, Instant timestamp) {
    return add(value);
  }

  A merge(A other);
}
