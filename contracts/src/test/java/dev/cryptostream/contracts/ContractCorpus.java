package dev.cryptostream.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract corpora ({@code contract-corpus/*.tsv}): Kafka values with the verdict the contract
 * gives each. The schema test in this module and the pipeline's agreement test read the same files,
 * through this test jar; the file header explains the format.
 */
public final class ContractCorpus {
  public static final String TRADE_EVENTS = "/contract-corpus/trade-event-v1.tsv";
  public static final String PRICE_SNAPSHOTS = "/contract-corpus/price-snapshot-v1.tsv";
  public static final String VALID = "VALID";
  private static final Pattern REPEAT = Pattern.compile("\\{\\{repeat (\\d+) (.*?)\\}\\}");

  private ContractCorpus() {}

  /** Whether only the pipeline judges the case (a rule of its settings or clock). */
  public enum Scope {
    CONTRACT,
    SEMANTIC
  }

  /** One value of the corpus; {@code expected} is VALID or a reason code. */
  public record Case(int line, String expected, Scope scope, String name, byte[] payload) {
    /** Whether a consumer holding only the schema must accept the value. */
    public boolean schemaAccepts() {
      return VALID.equals(expected) || scope == Scope.SEMANTIC;
    }

    @Override
    public String toString() {
      return "line " + line + " (" + expected + ": " + name + ")";
    }
  }

  public static List<Case> load(String resource) {
    try (InputStream in = ContractCorpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("corpus missing: " + resource);
      }
      // Lines end with \n only: a value may hold any other character, so no readLine().
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<Case> cases = new ArrayList<>();
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", 4);
        if (cols.length != 4) {
          throw new IllegalStateException(
              resource + ":" + (i + 1) + ": expected 4 tab-separated columns");
        }
        Scope scope = Scope.valueOf(cols[1].toUpperCase(java.util.Locale.ROOT));
        cases.add(new Case(i + 1, cols[0], scope, cols[2], payload(cols[3])));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] payload(String column) {
    if (column.startsWith("base64:")) {
      return Base64.getDecoder().decode(column.substring("base64:".length()));
    }
    Matcher m = REPEAT.matcher(column);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sb, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(sb);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
