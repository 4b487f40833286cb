package dev.cryptostream.pipeline.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.cryptostream.contracts.Utf8;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;

/** A JSON parser over a record's value, which the contract says is strict UTF-8. */
public final class Utf8Json {
  private Utf8Json() {}

  /**
   * ASCII values (nearly every record) are parsed from their bytes, the same characters without a
   * String decoded first; any other value is decoded strictly first.
   *
   * @throws CharacterCodingException when the value is not valid UTF-8
   */
  public static JsonParser parser(JsonFactory factory, byte[] value) throws IOException {
    return Utf8.isAscii(value)
        ? factory.createParser(value)
        : factory.createParser(Utf8.decodeStrict(value));
  }
}
