package dev.cryptostream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.dataflow.model.DataflowPackage;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.util.PackageUtil;
import org.apache.beam.runners.dataflow.util.Stager;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the production streaming graph (Kafka → … → BigQuery) into a Dataflow job offline, with
 * runner v2: the job is written as a template file instead of being submitted, with no-op
 * credentials, path validation and staging. Proves the same graph is acceptable to Dataflow and has
 * the expected steps.
 */
class DataflowTemplateTest {
  @TempDir Path dir;

  /** Staging is the one part that needs GCS; here it only records what would be staged. */
  public static final class RecordingStager implements Stager {
    static final java.util.Map<String, byte[]> STAGED =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** Beam creates the stager from the options through this factory method. */
    public static RecordingStager fromOptions(org.apache.beam.sdk.options.PipelineOptions options) {
      return new RecordingStager();
    }

    @Override
    public List<DataflowPackage> stageFiles(List<PackageUtil.StagedFile> files) {
      return files.stream()
          .map(
              f ->
                  new DataflowPackage()
                      .setName(f.getDestination())
                      .setLocation("gs://staging/" + f.getDestination()))
          .collect(Collectors.toList());
    }

    @Override
    public DataflowPackage stageToFile(byte[] bytes, String name) {
      STAGED.put(name, bytes);
      return new DataflowPackage().setName(name).setLocation("gs://staging/" + name);
    }
  }

  @Test
  void streamingGraphCompilesIntoADataflowRunnerV2Job() throws Exception {
    Path template = dir.resolve("trade-pipeline.json");
    String[] args = {
      "--runner=DataflowRunner",
      "--project=test-project",
      "--region=europe-west1",
      "--jobName=crypto-trades-template-test",
      "--tempLocation=gs://test-bucket/tmp",
      "--gcpTempLocation=gs://test-bucket/tmp",
      "--stagingLocation=gs://test-bucket/staging",
      "--experiments=use_runner_v2",
      "--templateLocation=" + template,
      "--streaming=true",
      "--sink=bigquery",
      "--bigQueryDataset=crypto_raw",
      "--bootstrapServers=kafka-1.internal:9092",
      "--kafkaPreflight=false",
      "--filesToStage=" + Files.createFile(dir.resolve("pipeline.jar")),
    };
    TradePipelineOptions options =
        PipelineOptionsFactory.fromArgs(args).as(TradePipelineOptions.class);
    DataflowPipelineOptions dataflow = options.as(DataflowPipelineOptions.class);
    dataflow.setPathValidatorClass(NoopPathValidator.class);
    dataflow.setCredentialFactoryClass(NoopCredentialFactory.class);
    dataflow.setStagerClass(RecordingStager.class);
    assertEquals(DataflowRunner.class, options.getRunner());

    FakeDatasetService.setUp();
    FakeDatasetService datasets = new FakeDatasetService();
    datasets.createDataset("test-project", "crypto_raw", "", "", null);
    Pipeline pipeline = Pipeline.create(options);
    TradePipeline.build(
        pipeline,
        options,
        new FakeBigQueryServices()
            .withDatasetService(datasets)
            .withJobService(new FakeJobService()));
    PipelineResult result = pipeline.run();
    assertEquals(
        "DataflowTemplateJob", result.getClass().getSimpleName(), "a template run submits nothing");

    JsonNode job = new ObjectMapper().readTree(Files.readString(template));
    assertEquals("JOB_TYPE_STREAMING", job.path("type").asText());
    String json = job.toString();
    assertTrue(json.contains("use_runner_v2"), "runner v2 requested");
    assertTrue(json.contains("enable_streaming_engine"), "streaming engine (runner v2 streaming)");
    // Runner v2 submits the portable pipeline proto, staged next to the template.
    byte[] proto =
        RecordingStager.STAGED.entrySet().stream()
            .filter(e -> e.getKey().endsWith(".pb"))
            .map(java.util.Map.Entry::getValue)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no pipeline proto staged: " + RecordingStager.STAGED.keySet()));
    List<String> transforms =
        RunnerApi.Pipeline.parseFrom(proto).getComponents().getTransformsMap().values().stream()
            .map(RunnerApi.PTransform::getUniqueName)
            .toList();
    for (String step :
        List.of(
            "ReadRecords",
            "ParseAndValidate",
            "Deduplicate",
            "BuildCandles",
            "DetectPriceDrops",
            "BigQueryTrades",
            "BigQueryCandles",
            "BigQueryAlerts",
            "BigQueryDeadLetters")) {
      assertTrue(
          transforms.stream().anyMatch(t -> t.equals(step) || t.startsWith(step + "/")),
          "job graph has " + step);
    }
    assertTrue(
        transforms.stream().anyMatch(t -> t.startsWith("BigQueryTrades/StorageWriteApi/")),
        "raw trades go through the Storage Write API");
  }
}
