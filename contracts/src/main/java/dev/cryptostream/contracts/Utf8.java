package dev.cryptostream.contracts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

  /** Eight bytes at a time, in any order: only their high bits are looked at. */
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * True when every byte is below 0x80: such bytes are valid UTF-8 and each is its own character.
   * Checked a word at a time (every record is checked, and this was a tenth of reading one).
   */
  public static boolean isAscii(byte[] bytes) {
    int i = 0;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      if (((long) WORDS.get(bytes, i) & HIGH_BITS) != 0) {
        return false;
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] < 0) {
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
