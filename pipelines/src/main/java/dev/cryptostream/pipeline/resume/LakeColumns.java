package dev.cryptostream.pipeline.resume;

import dev.cryptostream.pipeline.lake.AvroRows;
import dev.cryptostream.pipeline.tables.OutputTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a few columns of a lake table's Parquet files (a projection: Parquet decodes only those
 * column chunks), the table's schema being the one the writer used ({@link AvroRows#schemaOf}).
 */
final class LakeColumns {
  private final Schema projection;

  LakeColumns(OutputTable<?> table, List<String> columns) {
    Schema full = AvroRows.schemaOf(table);
    List<Schema.Field> fields = new ArrayList<>();
    for (String name : columns) {
      Schema.Field f = full.getField(name);
      if (f == null) {
        throw new IllegalArgumentException(table.name() + " has no column " + name);
      }
      fields.add(new Schema.Field(f, f.schema()));
    }
    projection =
        Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, fields);
  }

  /** Calls {@code row} for every row of {@code file}, with only the projected columns set. */
  void read(Path file, Consumer<GenericRecord> row) throws IOException {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, projection.toString());
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), conf).build()) {
      GenericRecord r;
      while ((r = reader.read()) != null) {
        row.accept(r);
      }
    }
  }
}
