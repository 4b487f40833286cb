package dev.cryptostream.pipeline.testing;

import dev.cryptostream.contracts.TakerSide;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trade events as JSON text in many shapes (the producers' form, spaced out, reordered, with an
 * extra member, a member twice, a number for a string, escapes, non-ASCII text), each edited one to
 * three characters at a time from an alphabet of JSON's own characters: inputs on which a
 * hand-written reading of the producers' form must agree with Jackson's.
 */
public final class TradeJsonNearMisses {
  private static final String ALPHABET =
      "{}[]\":,\\ \t\n\r\f\u000b\u0000\ufeff/#019.-+eEtrufalsnIN_Aé\u0001\u007f";
  private static final String[] EXTRA = {
    "\"x\"", "7", "-0.5e+3", "true", "null", "{\"a\":1}", "[1,\"b\"]", "\"caf\\u00e9\"", "\"é\""
  };

  private TradeJsonNearMisses() {}

  /** One trade-shaped text; about half are edited. */
  public static String next(Random random) {
    String json =
        Trades.json(
            Trades.event(
                random.nextInt(8) == 0 ? "ETH-USD" : "BTC-USDT",
                Long.toString(1 + random.nextInt(1_000_000_000)),
                (1 + random.nextInt(90_000)) + "." + random.nextInt(100_000_000),
                "0." + (1 + random.nextInt(99_999_999)),
                random.nextBoolean() ? TakerSide.BUY : TakerSide.SELL,
                String.format(
                    "2026-11-%02dT%02d:%02d:%02d.%06dZ",
                    1 + random.nextInt(28),
                    random.nextInt(24),
                    random.nextInt(60),
                    random.nextInt(60),
                    random.nextInt(1_000_000))));
    switch (random.nextInt(10)) {
      case 0 -> json = spaced(json);
      case 1 -> json = reordered(json, random);
      case 2 -> json = json.replace("}", ",\"extra\":" + EXTRA[random.nextInt(EXTRA.length)] + "}");
      case 3 -> json = json.replace("\"binance\"", "\"bin\\u0061nce\"");
      case 4 -> json = json.replaceFirst("\"[0-9]+\"", "\"id-é\"");
      case 5 -> json = json.replace("}", ",\"side\":\"buy\"}");
      case 6 -> json = json.replaceFirst("\"price\":\"([^\"]*)\"", "\"price\":$1");
      default -> {}
    }
    return NearMisses.of(json, ALPHABET, 2, random);
  }

  /** As {@link #next}, in UTF-8, one in twenty with a byte that is not UTF-8. */
  public static byte[] nextBytes(Random random) {
    byte[] value = next(random).getBytes(StandardCharsets.UTF_8);
    if (value.length > 0 && random.nextInt(20) == 0) {
      value[random.nextInt(value.length)] = (byte) (random.nextBoolean() ? 0xFF : 0xC3);
    }
    return value;
  }

  private static String spaced(String json) {
    return " " + json.replace(",", " ,\n\t").replace("\":", "\" :\t").replace("{", "{ ") + "\r\n";
  }

  /** The members in a random order (the producers' text has no comma or colon inside a value). */
  private static String reordered(String json, Random random) {
    String body = json.substring(1, json.length() - 1);
    List<String> members = new ArrayList<>(List.of(body.split(",")));
    Collections.shuffle(members, random);
    return "{" + String.join(",", members) + "}";
  }
}
