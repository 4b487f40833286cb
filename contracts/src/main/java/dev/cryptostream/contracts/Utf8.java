package dev.cryptostream.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: the contract's values are UTF-8, and anything else must be noticed. */
public final class Utf8 {
  private Utf8() {}

  /** Decodes, failing on malformed or unmappable input instead of substituting characters. */
  public static String decodeStrict(byte[] bytes) throws CharacterCodingException {
    if (isAscii(bytes)) {
      // Every byte below 0x80 is the same character in UTF-8 and in Latin-1, and always valid:
      // a plain copy gives the decoder's result without its buffers (most events are ASCII).
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** The text, or null when the bytes are not valid UTF-8. */
  public static String decodeOrNull(byte[] bytes) {
    try {
      return decodeStrict(bytes);
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
