package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.junit.jupiter.api.Test;

/**
 * Kafka keys reach dead letters with their bytes: text when UTF-8, base64 otherwise, never U+FFFD.
 */
class SourceRecordKeyTest {
  private static DeadLetter deadLetterForKey(byte[] key) {
    KafkaRecord<byte[], byte[]> read =
        new KafkaRecord<>(
            "crypto.trades.v1",
            3,
            42L,
            1_700_000_000_000L,
            KafkaTimestampType.CREATE_TIME,
            null,
            key,
            "{bad".getBytes(StandardCharsets.UTF_8));
    SourceRecord record = ReadKafkaRecords.toSourceRecord(read);
    assertArrayEquals(key, record.key());
    return DeadLetter.of(record, RejectReason.MALFORMED_JSON, "not JSON", "parse", 1L, null);
  }

  @Test
  void nonUtf8KeyIsKeptAsBase64() {
    byte[][] keys = {
      {(byte) 0xFF},
      {(byte) 0xC3, 0x28},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {'b', 'i', 'n', (byte) 0x80}
    };
    for (byte[] key : keys) {
      DeadLetter d = deadLetterForKey(key);
      assertNull(d.key());
      assertArrayEquals(key, Base64.getDecoder().decode(d.keyBase64()));
    }
  }

  @Test
  void textKeyStaysText() {
    DeadLetter d = deadLetterForKey("binance:BTC-USDT".getBytes(StandardCharsets.UTF_8));
    assertEquals("binance:BTC-USDT", d.key());
    assertNull(d.keyBase64());
    DeadLetter empty = deadLetterForKey(new byte[0]);
    assertEquals("", empty.key());
    assertNull(empty.keyBase64());
  }

  @Test
  void absentKeyIsNull() {
    DeadLetter d = deadLetterForKey(null);
    assertNull(d.key());
    assertNull(d.keyBase64());
  }
}
