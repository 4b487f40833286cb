package dev.cryptostream.producers.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstrumentTest {

  @Test
  void parsesEntriesWithExchangePrefix() {
    List<Instrument> list = Instrument.parseList("binance:BTC-USDT,kraken:SOL-USD");
    assertEquals(2, list.size());
    assertEquals("binance", list.get(0).exchange());
    assertEquals("BTC-USDT", list.get(0).symbol());
    assertEquals("kraken", list.get(1).exchange());
    assertEquals("SOL-USD", list.get(1).symbol());
  }

  @Test
  void entryWithoutExchangeBelongsToSimulator() {
    List<Instrument> list = Instrument.parseList("ETH-USD, binance:XRP-USDT");
    assertEquals("simulator", list.get(0).exchange());
    assertEquals("ETH-USD", list.get(0).symbol());
    assertEquals("binance", list.get(1).exchange());
  }

  @Test
  void caseIsNormalised() {
    List<Instrument> list = Instrument.parseList("Binance:btc-usdt,sol-usd");
    assertEquals("binance", list.get(0).exchange());
    assertEquals("BTC-USDT", list.get(0).symbol());
    assertEquals("SOL-USD", list.get(1).symbol());
  }

  @Test
  void blanksAroundEntriesAndEmptyEntriesAreIgnored() {
    List<Instrument> list = Instrument.parseList("  binance:BTC-USDT , ,okx:ETH-USDT,");
    assertEquals(List.of("BTC-USDT", "ETH-USDT"), list.stream().map(Instrument::symbol).toList());
  }

  @Test
  void startPricesAndTicks() {
    List<Instrument> list =
        Instrument.parseList("BTC-USDT,ETH-USDT,SOL-USD,XRP-USDT,DOGE-USDT,PEPE-USDT");
    assertEquals(new BigDecimal("91250.00"), list.get(0).startPrice());
    assertEquals(new BigDecimal("0.01"), list.get(0).tick());
    assertEquals(new BigDecimal("3120.00"), list.get(1).startPrice());
    assertEquals(new BigDecimal("142.00"), list.get(2).startPrice());
    assertEquals(new BigDecimal("0.01"), list.get(2).tick());
    assertEquals(new BigDecimal("2.1500"), list.get(3).startPrice());
    assertEquals(new BigDecimal("0.0001"), list.get(3).tick());
    assertEquals(new BigDecimal("0.0001"), list.get(4).tick());
    assertEquals(new BigDecimal("25.00"), list.get(5).startPrice());
    assertEquals(new BigDecimal("0.01"), list.get(5).tick());
    for (Instrument i : list) {
      // The start price itself lies on the tick grid.
      assertEquals(0, i.startPrice().remainder(i.tick()).signum(), i.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "b:BTC-USDT",
        ":BTC-USDT",
        "1inch:BTC-USDT",
        "bin-ance:BTC-USDT",
        "bin ance:BTC-USDT"
      })
  void badExchangeIsRejectedNamingIt(String spec) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Instrument.parseList(spec));
    String exchange = spec.substring(0, spec.indexOf(':')).toLowerCase();
    assertEquals("bad exchange id '" + exchange + "' in --symbols", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "BTCUSDT",
        "binance:BTC/USDT",
        "binance:",
        "BTC-",
        "-USDT",
        "BTC-USDT-PERP",
        "binance:BTC-USDT:x"
      })
  void badSymbolIsRejectedNamingIt(String spec) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Instrument.parseList(spec));
    assertTrue(e.getMessage().startsWith("bad symbol '"), e.getMessage());
    assertTrue(e.getMessage().contains("expected BASE-QUOTE"), e.getMessage());
    String symbol =
        (spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : spec).toUpperCase();
    assertTrue(e.getMessage().contains("'" + symbol + "'"), e.getMessage());
  }

  @Test
  void oneBadEntryFailsTheWholeList() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Instrument.parseList("binance:BTC-USDT,ETHUSDT"));
    assertTrue(e.getMessage().contains("'ETHUSDT'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ",", " , ,"})
  void emptyListIsRejected(String spec) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Instrument.parseList(spec));
    assertEquals("--symbols names no instrument", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "BTC-USD,BTC-USD",
        "binance:BTC-USDT,BINANCE:btc-usdt",
        "simulator:ETH-USD,eth-usd"
      })
  void duplicateInstrumentIsRejected(String spec) {
    // Two instruments with one Kafka key would be two independent streams under that key: their
    // trade ids collide and their trade times interleave backwards.
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Instrument.parseList(spec));
    assertTrue(e.getMessage().startsWith("duplicate instrument '"), e.getMessage());
  }

  @Test
  void sameSymbolOnDifferentVenuesIsFine() {
    assertEquals(2, Instrument.parseList("binance:BTC-USDT,okx:BTC-USDT").size());
  }
}
