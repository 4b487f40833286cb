package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.ContractCorpus;
import dev.cryptostream.contracts.ContractCorpus.Case;
import dev.cryptostream.contracts.ContractCorpus.Scope;
import dev.cryptostream.contracts.ContractSchema;
import dev.cryptostream.contracts.ContractSchema.Verdict;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.Rejection;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.prices.PriceSnapshotParser;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One contract: every value of the contract corpora gets the same verdict from the published JSON
 * Schema (a real validator, networknt, reading with duplicate and surrogate detection) and from the
 * pipeline's parser and validator, and the pipeline gives the reason the corpus states. Lines of
 * scope "semantic" are the rules a schema cannot state (clock skew, age, configured exchanges and
 * symbols, price bounds, amount overflow): the schema must accept them and the pipeline reject.
 */
class ContractAgreementTest {
  /** The pipeline settings the corpus header states. */
  static final long NOW = Micros.of(Instant.parse("2026-11-22T10:16:00Z"));

  static final TradeValidator VALIDATOR =
      new TradeValidator(
          Set.of("binance", "coinbase", "kraken", "okx", "simulator"),
          "(BTC|ETH|SOL)-(USDT|USD|EUR)",
          Duration.ofSeconds(30),
          Duration.ofDays(7),
          new BigDecimal("0.00000001"),
          null);

  /**
   * Reasons that only exist after parsing or outside the parsers (sinks), so no corpus has them.
   */
  private static final Set<RejectReason> NOT_FROM_A_RECORD =
      EnumSet.of(RejectReason.SINK_ROW_INVALID, RejectReason.SINK_WRITE_REJECTED);

  private static final Set<RejectReason> SEMANTIC =
      EnumSet.of(
          RejectReason.TIMESTAMP_IN_FUTURE,
          RejectReason.TOO_OLD,
          RejectReason.UNKNOWN_EXCHANGE,
          RejectReason.UNKNOWN_SYMBOL,
          RejectReason.PRICE_OUT_OF_BOUNDS,
          RejectReason.AMOUNT_OUT_OF_RANGE);

  static SourceRecord record(byte[] payload) {
    return new SourceRecord("crypto.trades.v1", 0, 0, "binance:BTC-USDT", 0, payload);
  }

  /**
   * The pipeline's verdict on a trade value: VALID or the reason code, as ParseAndValidateTrades
   * decides.
   */
  static String tradeVerdict(byte[] payload) {
    TradeJsonParser.Result r = new TradeJsonParser().parse(record(payload), NOW);
    if (!r.isOk()) {
      return r.rejection().reason().name();
    }
    Rejection invalid = VALIDATOR.check(r.trade(), NOW);
    return invalid == null ? ContractCorpus.VALID : invalid.reason().name();
  }

  static String priceVerdict(byte[] payload) {
    PriceSnapshotParser.Result r = new PriceSnapshotParser().parse(record(payload), NOW);
    return r.isOk() ? ContractCorpus.VALID : r.rejection().reason().name();
  }

  private static Set<String> assertAgreement(
      String resource, boolean priceSnapshot, Function<byte[], String> pipeline) {
    List<Case> cases = ContractCorpus.load(resource);
    StringBuilder wrong = new StringBuilder();
    Set<String> seen = new TreeSet<>();
    for (Case c : cases) {
      String actual = pipeline.apply(c.payload());
      seen.add(actual);
      Verdict schema = ContractSchema.schemaVerdict(c.payload(), priceSnapshot);
      boolean pipelineAccepts = ContractCorpus.VALID.equals(actual);
      if (!actual.equals(c.expected())) {
        wrong.append(c).append(": pipeline says ").append(actual).append('\n');
      }
      if (c.scope() == Scope.CONTRACT && schema.accepted() != pipelineAccepts) {
        wrong
            .append(c)
            .append(": schema ")
            .append(schema)
            .append(" but pipeline ")
            .append(actual)
            .append('\n');
      }
      if (c.scope() == Scope.SEMANTIC
          && (!schema.accepted() || !SEMANTIC.contains(RejectReason.valueOf(c.expected())))) {
        wrong
            .append(c)
            .append(": a semantic line must be schema-valid with a semantic reason, schema ")
            .append(schema)
            .append('\n');
      }
    }
    assertEquals("", wrong.toString());
    return seen;
  }

  @Test
  void schemaAndPipelineAgreeOnEveryTradeEventOfTheCorpus() {
    Set<String> seen =
        assertAgreement(ContractCorpus.TRADE_EVENTS, false, ContractAgreementTest::tradeVerdict);
    // Every reason a trade record can get is exercised, semantic ones included.
    Set<String> expected = new TreeSet<>();
    expected.add(ContractCorpus.VALID);
    for (RejectReason r : RejectReason.values()) {
      if (!NOT_FROM_A_RECORD.contains(r) && r != RejectReason.BAD_COIN) {
        expected.add(r.name());
      }
    }
    assertEquals(expected, seen);
  }

  @Test
  void schemaAndPipelineAgreeOnEveryPriceSnapshotOfTheCorpus() {
    Set<String> seen =
        assertAgreement(ContractCorpus.PRICE_SNAPSHOTS, true, ContractAgreementTest::priceVerdict);
    assertTrue(seen.contains(RejectReason.BAD_COIN.name()), seen::toString);
    assertTrue(seen.contains(ContractCorpus.VALID), seen::toString);
  }
}
