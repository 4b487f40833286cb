package dev.cryptostream.producers.live;

/**
 * A venue frame the connector cannot turn into trades; the reason goes to the dead-letter topic.
 */
public final class FrameException extends Exception {
  public FrameException(String reason) {
    super(reason);
  }
}
