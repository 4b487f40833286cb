package dev.cryptostream.producers.cli;

import java.util.List;

/**
 * A list given as one comma-separated option value. Not a collection to picocli, so the option
 * takes one value and a later occurrence replaces an earlier one, as for every other option.
 */
public record CommaList<T>(List<T> items) {
  public CommaList {
    items = List.copyOf(items);
  }
}
