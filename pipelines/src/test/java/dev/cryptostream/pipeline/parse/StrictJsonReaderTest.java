package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ASCII fast path reads exactly the tree the String path reads, and refuses what it refuses
 * with the same reason (Jackson words a few syntax errors differently for bytes and for text).
 */
class StrictJsonReaderTest {
  private static final String EVENT =
      "{\"schema_version\":1,\"event_id\":\"e-1\",\"exchange\":\"binance\",\"symbol\":\"BTC-USDT\","
          + "\"trade_id\":\"42\",\"price\":\"97000.10\",\"quantity\":\"0.0012\",\"side\":\"buy\","
          + "\"trade_time\":\"2026-11-22T10:15:30.123456Z\",\"ingest_time\":\"2026-11-22T10:15:30.2Z\","
          + "\"n\":[1,2.5e3,-0.0,true,null,{\"a\":\"\\u00e9\\ud83d\\ude00\"}]}";

  /** The tree as text, or the problem's reason. */
  private static String outcome(ThrowingRead read) {
    try {
      return "tree " + read.get();
    } catch (JsonFields.FieldProblem e) {
      return "problem " + e.reason();
    }
  }

  @FunctionalInterface
  private interface ThrowingRead {
    Object get() throws JsonFields.FieldProblem;
  }

  private static void assertSameOutcome(String text) {
    byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        outcome(
            () -> {
              // The text path: what a non-ASCII value goes through after strict decoding.
              try (var p = StrictJsonReader.FACTORY.createParser(text)) {
                return StrictJsonReader.read(p);
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              }
            }),
        outcome(() -> StrictJsonReader.read(ascii)),
        text);
  }

  @Test
  void hostileInputsFailForTheSameReason() {
    String[] inputs = {
      "",
      " ",
      "{",
      "}",
      "[]",
      "{}",
      "{} {}",
      "{}x",
      "{\"a\":1,\"a\":2}",
      "{\"a\":\"\\ud800\"}",
      "{\"\\udc00\":1}",
      "{\"a\":NaN}",
      "{\"a\":01}",
      "{\"a\":1e400}",
      "{\"a\":-}",
      "{'a':1}",
      "{\"a\":\"tab\there\"}",
      "{\"a\":\"\\x\"}",
      "[".repeat(1_001) + "]".repeat(1_001),
      "nul",
      "{\"a\":tru}",
      "{\"a\":1,}",
      "\"just a string\"",
      "123",
      EVENT,
      EVENT + " ",
      EVENT + "]"
    };
    for (String input : inputs) {
      assertSameOutcome(input);
    }
    // The message does not quote the value back (the dead letter carries it), on either path.
    try {
      StrictJsonReader.read("{\"secretish\":".getBytes(StandardCharsets.US_ASCII));
      throw new AssertionError("read an unfinished object");
    } catch (JsonFields.FieldProblem e) {
      assertEquals(false, e.getMessage().contains("secretish"), e.getMessage());
    }
  }

  @Test
  void mutatedEventsReadTheSameWay() {
    Random random = new Random(23);
    String alphabet = "{}[]\":,.-+eE0123456789abtrunlfs\\ u";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder(EVENT);
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(text.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.insert(at, c);
          case 1 -> text.deleteCharAt(at);
          default -> text.setCharAt(at, c);
        }
      }
      assertSameOutcome(text.toString());
    }
  }
}
