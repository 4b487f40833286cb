package dev.cryptostream.pipeline.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes lake rows to Parquet straight from their Avro binary encoding (a {@link RowBatch}): each
 * field is read from the decoder and handed to its column, with no record object in between.
 * Parquet's own Avro support would first decode every row into a record and then walk it value by
 * value through its generic type dispatch; for the trades table that was most of the writer's time.
 *
 * <p>The file is the one {@code AvroParquetWriter} writes for the same schema: the Parquet schema
 * comes from parquet-avro's converter, and the footer carries the Avro schema under the key Avro
 * readers look for (the resume path reads lake files back that way). Only flat records of the types
 * {@link AvroRows} produces are accepted (string, long, double, boolean, bytes, each optionally in
 * a union with null).
 *
 * <p>The record {@link #write} takes is the decoder itself, positioned at the start of a row; it is
 * left at the start of the next one.
 */
final class EncodedRowWriteSupport extends WriteSupport<BinaryDecoder> {
  /** The footer key parquet-avro stores the Avro schema under (and its readers look for). */
  static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  private enum Kind {
    STRING,
    LONG,
    DOUBLE,
    BOOLEAN,
    BYTES
  }

  /** One top-level field: how it is encoded, and which union branch (if any) holds its value. */
  private record Field(String name, Kind kind, int valueBranch) {
    boolean optional() {
      return valueBranch >= 0;
    }
  }

  private final Schema schema;
  private final MessageType parquetSchema;
  private final Field[] fields;
  private final Utf8 text = new Utf8();
  private ByteBuffer bytes;
  private RecordConsumer consumer;

  EncodedRowWriteSupport(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("lake rows are records, not " + schema.getType());
    }
    this.schema = schema;
    this.parquetSchema = new AvroSchemaConverter(new PlainParquetConfiguration()).convert(schema);
    List<Schema.Field> avroFields = schema.getFields();
    this.fields = new Field[avroFields.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = fieldOf(avroFields.get(i));
    }
  }

  private static Field fieldOf(Schema.Field f) {
    Schema type = f.schema();
    int valueBranch = -1;
    if (type.getType() == Schema.Type.UNION) {
      List<Schema> branches = type.getTypes();
      if (branches.size() != 2
          || branches.stream().noneMatch(b -> b.getType() == Schema.Type.NULL)) {
        throw new IllegalArgumentException(f.name() + ": only a union of null and one type");
      }
      valueBranch = branches.get(0).getType() == Schema.Type.NULL ? 1 : 0;
      type = branches.get(valueBranch);
    }
    Kind kind =
        switch (type.getType()) {
          case STRING -> Kind.STRING;
          case LONG -> Kind.LONG;
          case DOUBLE -> Kind.DOUBLE;
          case BOOLEAN -> Kind.BOOLEAN;
          case BYTES -> Kind.BYTES;
          default ->
              throw new IllegalArgumentException(
                  f.name() + ": " + type.getType() + " is not a lake column type");
        };
    return new Field(f.name(), kind, valueBranch);
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return context();
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return context();
  }

  private WriteContext context() {
    Map<String, String> footer = new HashMap<>();
    footer.put(AVRO_SCHEMA_KEY, schema.toString());
    return new WriteContext(parquetSchema, footer);
  }

  /** The rows' data model, as parquet-avro names it in the footer ("writer.model.name"). */
  @Override
  public String getName() {
    return "avro";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(BinaryDecoder row) {
    try {
      consumer.startMessage();
      for (int i = 0; i < fields.length; i++) {
        Field f = fields[i];
        if (f.optional()) {
          int branch = row.readIndex();
          if (branch != f.valueBranch()) {
            if (branch != 1 - f.valueBranch()) {
              // Not a row of this schema (e.g. encoded with another one): stop, never shift
              // columns.
              throw new IllegalStateException(f.name() + ": union branch " + branch + " of 2");
            }
            continue; // null: an optional column simply has no value
          }
        }
        consumer.startField(f.name(), i);
        switch (f.kind()) {
          case STRING -> {
            Utf8 s = row.readString(text);
            consumer.addBinary(Binary.fromReusedByteArray(s.getBytes(), 0, s.getByteLength()));
          }
          case LONG -> consumer.addLong(row.readLong());
          case DOUBLE -> consumer.addDouble(row.readDouble());
          case BOOLEAN -> consumer.addBoolean(row.readBoolean());
          case BYTES -> {
            bytes = row.readBytes(bytes);
            consumer.addBinary(Binary.fromReusedByteBuffer(bytes));
          }
        }
        consumer.endField(f.name(), i);
      }
      consumer.endMessage();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a lake row", e);
    }
  }
}
