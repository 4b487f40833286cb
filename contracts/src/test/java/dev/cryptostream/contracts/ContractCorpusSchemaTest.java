package dev.cryptostream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.ContractCorpus.Case;
import dev.cryptostream.contracts.ContractSchema.Problem;
import dev.cryptostream.contracts.ContractSchema.Verdict;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published schemas, read the way the contract prescribes, give every corpus value the verdict
 * the corpus states. The pipeline's side of the same corpus is checked in the pipelines module
 * (ContractAgreementTest).
 */
class ContractCorpusSchemaTest {
  /**
   * Reasons only the strict reader can give: the schema never sees such a value. (MALFORMED_JSON is
   * shared: a JSON value that is not an object is the schema's "type": "object".)
   */
  private static final Map<String, Problem> READER_REASONS =
      Map.of(
          "NOT_UTF8", Problem.NOT_UTF8,
          "DUPLICATE_FIELD", Problem.DUPLICATE_FIELD,
          "BAD_STRING", Problem.BAD_STRING);

  private static void assertCorpus(String resource, boolean priceSnapshot, int minimumCases) {
    List<Case> cases = ContractCorpus.load(resource);
    assertTrue(
        cases.size() >= minimumCases, () -> resource + " has only " + cases.size() + " cases");
    StringBuilder wrong = new StringBuilder();
    for (Case c : cases) {
      Verdict v = ContractSchema.schemaVerdict(c.payload(), priceSnapshot);
      if (v.accepted() != c.schemaAccepts()) {
        wrong
            .append(c)
            .append(": schema ")
            .append(v.accepted() ? "accepts" : "rejects " + v)
            .append('\n');
        continue;
      }
      Problem readerProblem = READER_REASONS.get(c.expected());
      if (readerProblem != null && v.problem() != readerProblem) {
        wrong
            .append(c)
            .append(": expected the reader to say ")
            .append(readerProblem)
            .append(", got ")
            .append(v)
            .append('\n');
      }
    }
    assertEquals("", wrong.toString());
  }

  @Test
  void tradeEventSchemaGivesEveryCorpusValueItsVerdict() {
    assertCorpus(ContractCorpus.TRADE_EVENTS, false, 150);
  }

  @Test
  void priceSnapshotSchemaGivesEveryCorpusValueItsVerdict() {
    assertCorpus(ContractCorpus.PRICE_SNAPSHOTS, true, 30);
  }

  @Test
  void corpusCoversValidAndInvalidValuesInBothScopes() {
    Map<String, Long> byExpected =
        ContractCorpus.load(ContractCorpus.TRADE_EVENTS).stream()
            .collect(Collectors.groupingBy(Case::expected, Collectors.counting()));
    assertTrue(byExpected.getOrDefault(ContractCorpus.VALID, 0L) >= 20, byExpected::toString);
    assertTrue(byExpected.keySet().containsAll(READER_REASONS.keySet()), byExpected::toString);
  }

  @Test
  void payloadExpansionRepeatsAndDecodes() {
    assertEquals(
        "ab[[[x",
        new String(
            ContractCorpus.payload("ab{{repeat 3 [}}x"), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(3, ContractCorpus.payload("base64:/wAB").length);
  }
}
