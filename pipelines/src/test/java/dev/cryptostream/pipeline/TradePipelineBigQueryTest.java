package dev.cryptostream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableRow;
import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.bigquery.BigQueryTarget;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.options.BigQuerySinkOptions.WriteMethod;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The BigQuery branch of the graph through Beam's fake BigQuery services (Storage Write API path):
 * valid rows land in the right tables with the declared schema, partitioning and clustering; rows
 * BigQuery rejects land in dead_letters next to the parse and validation ones.
 */
class TradePipelineBigQueryTest {
  private static final String PROJECT = "test-project";
  private static final java.util.concurrent.atomic.AtomicInteger RUNS =
      new java.util.concurrent.atomic.AtomicInteger();

  @RegisterExtension final BeamPipeline beam = new BeamPipeline();
  private FakeDatasetService datasets;
  // Beam caches "table already created" per JVM, while the fake forgets tables between tests:
  // a fresh dataset per test keeps the two in step.
  private final String dataset = "crypto_raw_" + RUNS.incrementAndGet();
  private FakeBigQueryServices services;

  @BeforeEach
  void fakeBigQuery() throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    datasets = new FakeDatasetService();
    datasets.createDataset(PROJECT, dataset, "", "", null);
    services =
        new FakeBigQueryServices()
            .withDatasetService(datasets)
            .withJobService(new FakeJobService());
  }

  private static TimestampedValue<SourceRecord> rec(
      long offset, String id, String price, String time) {
    String json = Trades.json(Trades.event("BTC-USDT", id, price, "1", TakerSide.BUY, time));
    return TimestampedValue.of(Trades.record(offset, json), Trades.at(time));
  }

  /** The fake returns TIMESTAMP cells as text ("2026-11-22 T05:34:00[.ffffff]"); to micros. */
  private static long timestampMicros(Object cell) {
    String text = cell.toString();
    if (text.matches("-?\\d+")) {
      return Long.parseLong(text);
    }
    java.time.Instant t =
        java.time.LocalDateTime.parse(text.replace(" ", "").replace("UTC", "").replace("Z", ""))
            .toInstant(java.time.ZoneOffset.UTC);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000L;
  }

  private List<TableRow> rows(String table) throws Exception {
    return datasets.getAllRows(PROJECT, dataset, table);
  }

  @ParameterizedTest
  @EnumSource(WriteMethod.class)
  void rowsLandInTheirTablesAndRejectedRowsBecomeDeadLetters(WriteMethod method) throws Exception {
    String base =
        Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES).toString();
    String plus10 = Instant.parse(base).plusSeconds(10).toString();
    String plus20 = Instant.parse(base).plusSeconds(20).toString();
    String plus30 = Instant.parse(base).plusSeconds(30).toString();
    TestStream<SourceRecord> stream =
        TestStream.create(SerializableCoder.of(SourceRecord.class))
            .advanceWatermarkTo(Trades.at(base))
            .addElements(rec(0, "1", "100", base), rec(1, "2", "110", plus10))
            .addElements(rec(2, "2", "110", plus10)) // a replayed duplicate
            .addElements(TimestampedValue.of(Trades.record(3, "garbage"), Trades.at(plus20)))
            .addElements(rec(4, "3", "104", plus30))
            .advanceWatermarkToInfinity();
    // BigQuery refuses every raw row of trade 2 (both copies); nothing else.
    datasets.setShouldFailRow(
        (java.util.function.Function<TableRow, Boolean> & java.io.Serializable)
            row -> "2".equals(row.get("trade_id")));

    TradePipelineOptions options = PipelineOptionsFactory.as(TradePipelineOptions.class);
    options.setEarlyFiringPeriod("PT0S");
    TradePipeline.Outputs out =
        TradePipeline.process(
            beam.pipeline().begin(), new TradePipelineTest.SourceStub(stream), options);
    BigQueryTarget target =
        new BigQueryTarget(
            PROJECT, dataset, method, Duration.standardSeconds(1), 1, true, services);
    TradePipeline.writeToBigQuery(out, options, target);
    beam.pipeline().run().waitUntilFinish();

    List<TableRow> trades = rows("raw_trades");
    assertEquals(
        List.of("1", "3"),
        trades.stream().map(r -> r.get("trade_id").toString()).sorted().toList());
    TableRow first =
        trades.stream().filter(r -> r.get("trade_id").equals("1")).findFirst().orElseThrow();
    assertEquals(0, new BigDecimal("100").compareTo(new BigDecimal(first.get("price").toString())));
    assertEquals("crypto.trades.v1", first.get("kafka_topic"));
    // TIMESTAMP columns carry microseconds: the trade time must come back to the microsecond.
    long expectedMicros = Instant.parse(base).toEpochMilli() * 1_000L;
    assertEquals(
        expectedMicros,
        timestampMicros(first.get("trade_time")),
        "trade_time '" + first.get("trade_time") + "'");
    assertEquals("0", first.get("kafka_offset").toString());

    List<TableRow> candles = rows("candles_1m");
    assertEquals(1, candles.size(), "one on-time pane for the one minute: " + candles);
    TableRow candle = candles.get(0);
    assertEquals("3", candle.get("trade_count").toString(), "duplicate of trade 2 counted once");
    assertEquals(0, new BigDecimal("100").compareTo(new BigDecimal(candle.get("open").toString())));
    assertEquals(0, new BigDecimal("110").compareTo(new BigDecimal(candle.get("high").toString())));
    assertEquals(
        0, new BigDecimal("104").compareTo(new BigDecimal(candle.get("close").toString())));
    assertEquals("ON_TIME", candle.get("pane_timing"));

    List<TableRow> alerts = rows("price_alerts");
    assertEquals(1, alerts.size(), "one alert for one drop seen by ten sliding windows: " + alerts);
    assertEquals(
        0,
        new BigDecimal("110")
            .compareTo(new BigDecimal(alerts.get(0).get("from_price").toString())));
    assertEquals(
        0,
        new BigDecimal("104").compareTo(new BigDecimal(alerts.get(0).get("to_price").toString())));

    Map<String, List<TableRow>> deadByReason =
        rows("dead_letters").stream()
            .collect(Collectors.groupingBy(r -> r.get("reason_code").toString()));
    assertEquals(
        Map.of("MALFORMED_JSON", 1, "SINK_WRITE_REJECTED", 2),
        deadByReason.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())));
    for (TableRow rejected : deadByReason.get("SINK_WRITE_REJECTED")) {
      assertEquals("sink:bigquery:raw_trades", rejected.get("stage"));
      assertEquals(
          "crypto.trades.v1", rejected.get("kafka_topic"), "points back at the Kafka record");
      assertTrue(List.of("1", "2").contains(rejected.get("kafka_offset").toString()));
      assertTrue(
          rejected.get("payload").toString().contains("\"trade_id\":\"2\""), rejected.toString());
    }
  }

  @Test
  void tablesAreCreatedWithDayPartitionsAndClustering() throws Exception {
    String base =
        Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES).toString();
    TestStream<SourceRecord> stream =
        TestStream.create(SerializableCoder.of(SourceRecord.class))
            .advanceWatermarkTo(Trades.at(base))
            .addElements(rec(0, "1", "100", base))
            .advanceWatermarkToInfinity();
    TradePipelineOptions options = PipelineOptionsFactory.as(TradePipelineOptions.class);
    options.setEarlyFiringPeriod("PT0S");
    TradePipeline.Outputs out =
        TradePipeline.process(
            beam.pipeline().begin(), new TradePipelineTest.SourceStub(stream), options);
    TradePipeline.writeToBigQuery(
        out,
        options,
        new BigQueryTarget(
            PROJECT,
            dataset,
            WriteMethod.EXACTLY_ONCE,
            Duration.standardSeconds(1),
            1,
            true,
            services));
    beam.pipeline().run().waitUntilFinish();

    Table trades =
        datasets.getTable(
            new com.google.api.services.bigquery.model.TableReference()
                .setProjectId(PROJECT)
                .setDatasetId(dataset)
                .setTableId("raw_trades"));
    assertNotNull(trades);
    assertEquals("trade_time", trades.getTimePartitioning().getField());
    assertEquals("DAY", trades.getTimePartitioning().getType());
    assertEquals(List.of("exchange", "symbol"), trades.getClustering().getFields());
    assertEquals(
        "BIGNUMERIC",
        trades.getSchema().getFields().stream()
            .filter(f -> f.getName().equals("price"))
            .findFirst()
            .orElseThrow()
            .getType());
  }

  @Test
  void priceSnapshotsLandInTheirTableAndBadOnesInDeadLetters() throws Exception {
    String base =
        Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES).toString();
    TestStream<SourceRecord> trades =
        TestStream.create(SerializableCoder.of(SourceRecord.class))
            .advanceWatermarkTo(Trades.at(base))
            .addElements(rec(0, "1", "100", base))
            .advanceWatermarkToInfinity();
    String snapshot =
        "{\"schema_version\":1,\"coin_id\":\"bitcoin\",\"vs_currency\":\"usd\",\"price\":\"67187.33\","
            + "\"market_cap\":null,\"volume_24h\":\"32155431212.1\",\"change_24h_pct\":\"-1.25\","
            + "\"last_updated_at\":\""
            + base.replace("Z", ".000000Z")
            + "\",\"polled_at\":\""
            + base.replace("Z", ".000000Z")
            + "\"}";
    SourceRecord good =
        new SourceRecord("prices.coingecko.v1", 0, 11, "bitcoin:usd", 0L, snapshot.getBytes());
    SourceRecord bad =
        new SourceRecord(
            "prices.coingecko.v1", 0, 12, "bitcoin:usd", 0L, "{\"coin_id\":1}".getBytes());
    TestStream<SourceRecord> prices =
        TestStream.create(SerializableCoder.of(SourceRecord.class))
            .advanceWatermarkTo(Trades.at(base))
            .addElements(
                TimestampedValue.of(good, Trades.at(base)),
                TimestampedValue.of(bad, Trades.at(base)))
            .advanceWatermarkToInfinity();
    TradePipelineOptions options = PipelineOptionsFactory.as(TradePipelineOptions.class);
    TradePipeline.Outputs out =
        TradePipeline.process(
                beam.pipeline().begin(), new TradePipelineTest.SourceStub(trades), options)
            .withPrices(
                beam.pipeline()
                    .apply("Prices", prices)
                    .apply(new dev.cryptostream.pipeline.prices.ParsePriceSnapshots()));
    TradePipeline.writeToBigQuery(
        out,
        options,
        new BigQueryTarget(
            PROJECT,
            dataset,
            WriteMethod.EXACTLY_ONCE,
            Duration.standardSeconds(1),
            1,
            true,
            services));
    beam.pipeline().run().waitUntilFinish();

    List<TableRow> snapshots = rows("price_snapshots");
    assertEquals(1, snapshots.size(), snapshots.toString());
    assertEquals("bitcoin", snapshots.get(0).get("coin_id"));
    assertEquals(
        0,
        new BigDecimal("67187.33")
            .compareTo(new BigDecimal(snapshots.get(0).get("price").toString())));
    assertEquals(null, snapshots.get(0).get("market_cap"));
    List<TableRow> dead = rows("dead_letters");
    assertEquals(1, dead.size(), dead.toString());
    assertEquals("parse-price", dead.get(0).get("stage"));
    assertEquals("12", dead.get(0).get("kafka_offset").toString());
  }
}
