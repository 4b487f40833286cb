package dev.cryptostream.producers.replay;

import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.contracts.Utf8;
import dev.cryptostream.producers.live.DeadLetter;
import dev.cryptostream.producers.live.FrameException;
import dev.cryptostream.producers.live.FrameResult;
import dev.cryptostream.producers.live.GapTracker;
import dev.cryptostream.producers.live.LiveOutput;
import dev.cryptostream.producers.live.VenueProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Replays a capture of raw exchange frames (one frame per line, exactly as the venue sent it)
 * through the venue's own frame reader, so history is normalised by the same code as live data.
 * Trades are published as canonical events marked {@code source: replay}, paced by their trade
 * times; a trade id already published for its symbol (a Coinbase {@code last_match} after a
 * reconnect, the overlap of two sessions) is skipped and counted, as the live connector does; jumps
 * in trade ids are counted but cannot be backfilled. Frames the reader refuses, and lines that are
 * not UTF-8 (raw as base64), go to the producer dead-letter output with the reason, as in a live
 * session; acknowledgements and heartbeats are counted and skipped.
 */
public final class FrameReplay {
  /** What a replay did. */
  public record Result(
      long frames,
      long trades,
      long duplicates,
      long idGaps,
      long controlFrames,
      long deadLetters,
      long blankLines,
      long sleptNanos) {}

  private final VenueProtocol protocol;
  private final double speed;
  private final ReplayRun.Sleeper sleeper;

  /**
   * @param speed 1 for the recorded pace, N for N times faster, 0 or less for as fast as possible
   */
  public FrameReplay(VenueProtocol protocol, double speed, ReplayRun.Sleeper sleeper) {
    this.protocol = protocol;
    this.speed = speed;
    this.sleeper = sleeper;
  }

  public Result run(InputStream input, LiveOutput out, Supplier<Instant> clock)
      throws IOException, InterruptedException {
    ReplayPacer pacer = new ReplayPacer(speed, sleeper);
    GapTracker seen = new GapTracker();
    long frames = 0;
    long trades = 0;
    long duplicates = 0;
    long gaps = 0;
    long control = 0;
    long dead = 0;
    long blank = 0;
    try (ByteLines lines = new ByteLines(input)) {
      byte[] bytes;
      while ((bytes = lines.next()) != null) {
        if (ByteLines.isBlank(bytes)) {
          blank++;
          continue;
        }
        frames++;
        Instant now = clock.get();
        String line;
        try {
          line = Utf8.decodeStrict(bytes);
        } catch (CharacterCodingException e) {
          out.deadLetter(
              new DeadLetter(
                  protocol.exchange(),
                  "frame is not UTF-8 (raw is base64)",
                  Base64.getEncoder().encodeToString(bytes),
                  now));
          dead++;
          continue;
        }
        FrameResult result;
        try {
          result = protocol.parse(line, now);
        } catch (FrameException e) {
          out.deadLetter(new DeadLetter(protocol.exchange(), e.getMessage(), line, now));
          dead++;
          continue;
        }
        if (result instanceof FrameResult.SubscriptionRejected r) {
          out.deadLetter(
              new DeadLetter(
                  protocol.exchange(), "subscription rejected: " + r.reason(), line, now));
          dead++;
        } else if (result instanceof FrameResult.Trades t) {
          for (FrameResult.VenueTrade vt : t.trades()) {
            GapTracker.Outcome o =
                seen.observe(vt.symbol(), vt.firstId(), vt.lastId(), vt.event().tradeTime());
            if (o instanceof GapTracker.Missing || o instanceof GapTracker.Overlap) {
              gaps++; // an overlapping aggregate cannot be split: its new ids are missing like a
              // gap's
            }
            if (!o.publish()) {
              duplicates += o instanceof GapTracker.Duplicate ? 1 : 0;
              continue;
            }
            TradeEvent e = vt.event();
            pacer.awaitTurn(e.tradeTime());
            out.trade(
                new TradeEvent(
                    e.exchange(),
                    e.symbol(),
                    e.tradeId(),
                    e.price(),
                    e.quantity(),
                    e.side(),
                    e.tradeTime(),
                    e.receivedAt(),
                    TradeSource.REPLAY));
            trades++;
          }
        } else {
          control++;
        }
      }
    }
    return new Result(frames, trades, duplicates, gaps, control, dead, blank, pacer.sleptNanos());
  }
}
