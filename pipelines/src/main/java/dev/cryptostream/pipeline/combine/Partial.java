package dev.cryptostream.pipeline.combine;

import java.io.Serializable;

/**
 * A partial aggregate that can take inputs and absorb other partials. {@link #merge} must be
 * associative and commutative: partials are built per bundle anywhere and merged in any order.
 */
public interface Partial<V, A extends Partial<V, A>> extends Serializable {
  A add(V value);

  A merge(A other);
}
