package dev.cryptostream.pipeline.testing;

import java.util.Random;

/** Near misses of a well-formed text: up to three characters replaced, inserted or deleted. */
public final class NearMisses {
  private NearMisses() {}

  /**
   * {@code text} with one to three random edits (characters from {@code alphabet}) one time in
   * {@code editOneIn}, else unchanged.
   */
  public static String of(String text, String alphabet, int editOneIn, Random random) {
    StringBuilder s = new StringBuilder(text);
    int edits = random.nextInt(editOneIn) == 0 ? 1 + random.nextInt(3) : 0;
    for (int m = 0; m < edits && s.length() > 0; m++) {
      int at = random.nextInt(s.length());
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      switch (random.nextInt(3)) {
        case 0 -> s.setCharAt(at, c);
        case 1 -> s.insert(at, c);
        default -> s.deleteCharAt(at);
      }
    }
    return s.toString();
  }
}
