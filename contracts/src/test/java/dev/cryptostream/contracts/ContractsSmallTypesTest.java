package dev.cryptostream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContractsSmallTypesTest {

  @Test
  void topicKeyIsExchangeColonSymbol() {
    assertEquals("binance:BTC-USDT", TradeTopics.key("binance", "BTC-USDT"));
    assertEquals("kraken:SOL-USD", TradeTopics.key("kraken", "SOL-USD"));
  }

  @Test
  void topicKeyDistinguishesInstrumentsAndVenues() {
    assertTrue(
        !TradeTopics.key("binance", "BTC-USDT").equals(TradeTopics.key("coinbase", "BTC-USDT")));
    assertTrue(
        !TradeTopics.key("binance", "BTC-USDT").equals(TradeTopics.key("binance", "BTC-USD")));
  }

  @Test
  void topicConstants() {
    assertEquals("crypto.trades.v1", TradeTopics.TRADES_V1);
    assertTrue(TradeTopics.DEFAULT_PARTITIONS > 0);
  }

  @Test
  void eventKafkaKeyUsesTradeTopicsKey() {
    TradeEvent e = TradeEventJsonTest.typical();
    assertEquals("binance:BTC-USDT", e.kafkaKey());
    assertEquals(TradeTopics.key(e.exchange(), e.symbol()), e.kafkaKey());
  }

  @Test
  void takerSideFromWireKnownValues() {
    assertEquals(TakerSide.BUY, TakerSide.fromWire("buy"));
    assertEquals(TakerSide.SELL, TakerSide.fromWire("sell"));
    assertEquals(TakerSide.UNKNOWN, TakerSide.fromWire("unknown"));
    for (TakerSide s : TakerSide.values()) {
      assertEquals(s, TakerSide.fromWire(s.wire()));
    }
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"BUY", "Buy", "long", "short", "", " buy", "buy ", "b"})
  void takerSideFromWireUnknownValuesAreNull(String value) {
    assertNull(TakerSide.fromWire(value));
  }

  @Test
  void tradeSourceFromWireKnownValues() {
    assertEquals(TradeSource.WS, TradeSource.fromWire("ws"));
    assertEquals(TradeSource.REST_BACKFILL, TradeSource.fromWire("rest-backfill"));
    assertEquals(TradeSource.REPLAY, TradeSource.fromWire("replay"));
    assertEquals(TradeSource.SIMULATOR, TradeSource.fromWire("simulator"));
    for (TradeSource s : TradeSource.values()) {
      assertEquals(s, TradeSource.fromWire(s.wire()));
    }
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"WS", "rest_backfill", "REST_BACKFILL", "websocket", "", "sim"})
  void tradeSourceFromWireUnknownValuesAreNull(String value) {
    assertNull(TradeSource.fromWire(value));
  }

  @Test
  void wireValuesAreDistinct() {
    Set<String> sides = new HashSet<>();
    for (TakerSide s : TakerSide.values()) {
      assertTrue(sides.add(s.wire()));
    }
    Set<String> sources = new HashSet<>();
    for (TradeSource s : TradeSource.values()) {
      assertTrue(sources.add(s.wire()));
    }
  }

  @Test
  void tradeEventRejectsNullFieldsNamingThem() {
    TradeEvent t = TradeEventJsonTest.typical();
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                new TradeEvent(
                    t.exchange(),
                    t.symbol(),
                    t.tradeId(),
                    null,
                    t.quantity(),
                    t.side(),
                    t.tradeTime(),
                    t.receivedAt(),
                    t.source()));
    assertEquals("price", e.getMessage());
    NullPointerException e2 =
        assertThrows(
            NullPointerException.class,
            () ->
                new TradeEvent(
                    t.exchange(),
                    t.symbol(),
                    t.tradeId(),
                    BigDecimal.ONE,
                    t.quantity(),
                    t.side(),
                    (Instant) null,
                    t.receivedAt(),
                    t.source()));
    assertEquals("tradeTime", e2.getMessage());
  }
}
