package dev.cryptostream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
  /** The definition: the JDK's decoder, reporting malformed and unmappable input. */
  private static String reference(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  @Test
  void decodesExactlyAsTheStrictDecoderOnRandomBytes() {
    Random random = new Random(11);
    // ASCII only (the fast path), ASCII with one high byte, and anything: valid and invalid.
    for (int i = 0; i < 30_000; i++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int j = 0; j < bytes.length; j++) {
        bytes[j] = (byte) (i % 3 == 2 ? random.nextInt(256) : random.nextInt(128));
      }
      if (i % 3 == 1 && bytes.length > 0) {
        bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(128));
      }
      assertEquals(
          reference(bytes), Utf8.decodeOrNull(bytes), () -> java.util.Arrays.toString(bytes));
    }
  }

  @Test
  void keepsEveryAsciiCharacterAndRejectsWhatIsNotUtf8() {
    byte[] ascii = new byte[128];
    for (int i = 0; i < ascii.length; i++) {
      ascii[i] = (byte) i;
    }
    assertEquals(reference(ascii), Utf8.decodeOrNull(ascii));
    assertEquals("", Utf8.decodeOrNull(new byte[0]));
    assertEquals("é€😀", Utf8.decodeOrNull("é€😀".getBytes(StandardCharsets.UTF_8)));
    assertNull(Utf8.decodeOrNull(new byte[] {'a', (byte) 0xC3}), "cut multi-byte sequence");
    assertNull(Utf8.decodeOrNull(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "surrogate");
    assertNull(Utf8.decodeOrNull(new byte[] {(byte) 0xC0, (byte) 0xAF}), "overlong");
  }

  @Test
  void asciiIsTellingEveryHighByteWhereverItIs() {
    for (int length = 0; length <= 40; length++) {
      byte[] bytes = new byte[length];
      java.util.Arrays.fill(bytes, (byte) 0x7f);
      assertTrue(Utf8.isAscii(bytes), "length " + length);
      for (int at = 0; at < length; at++) {
        for (int high : new int[] {0x80, 0xc3, 0xff}) {
          bytes[at] = (byte) high;
          assertFalse(Utf8.isAscii(bytes), "length " + length + ", 0x" + high + " at " + at);
        }
        bytes[at] = 'a';
      }
    }
  }
}
