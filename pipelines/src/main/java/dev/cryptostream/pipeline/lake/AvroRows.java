package dev.cryptostream.pipeline.lake;

import dev.cryptostream.pipeline.tables.Column;
import dev.cryptostream.pipeline.tables.Decimal38;
import dev.cryptostream.pipeline.tables.OutputTable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * An output table as Avro (and so Parquet): the schema derived from the table's columns, and rows
 * from column values. Decimals are DECIMAL(38,18), times UTC microsecond timestamps, as in
 * BigQuery, so dbt reads the same types from both.
 */
public final class AvroRows {
  private AvroRows() {}

  public static Schema schemaOf(OutputTable<?> table) {
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record(table.lakeDirectory()).namespace("dev.cryptostream.lake").fields();
    for (Column c : table.columns()) {
      Schema type = typeOf(c);
      if (c.nullable()) {
        fields =
            fields
                .name(c.name())
                .doc(c.description())
                .type(Schema.createUnion(Schema.create(Schema.Type.NULL), type))
                .withDefault(null);
      } else {
        fields = fields.name(c.name()).doc(c.description()).type(type).noDefault();
      }
    }
    return fields.endRecord();
  }

  /** A row of {@code schema} ({@link #schemaOf} the table: its fields are the columns in order). */
  public static <T> GenericRecord rowOf(OutputTable<T> table, T element, Schema schema) {
    Object[] values = table.valuesOf(element);
    GenericRecord r = new GenericData.Record(schema);
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      r.put(i, v == null ? null : avroValue(table.columns().get(i), v));
    }
    return r;
  }

  private static Schema typeOf(Column c) {
    return switch (c.type()) {
      case STRING -> Schema.create(Schema.Type.STRING);
      case INT64 -> Schema.create(Schema.Type.LONG);
      case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case TIMESTAMP -> LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case BIGNUMERIC ->
          LogicalTypes.decimal(Decimal38.PRECISION, Decimal38.SCALE)
              .addToSchema(Schema.create(Schema.Type.BYTES));
    };
  }

  private static Object avroValue(Column c, Object v) {
    return switch (c.type()) {
      case INT64 -> ((Number) v).longValue();
      case BIGNUMERIC -> decimal((BigDecimal) v);
      default -> v;
    };
  }

  /** DECIMAL(38,18) as Avro bytes: the unscaled two's-complement value at scale 18. */
  static ByteBuffer decimal(BigDecimal value) {
    return ByteBuffer.wrap(decimalBytes(value));
  }

  static byte[] decimalBytes(BigDecimal value) {
    return Decimal38.scaled(value).unscaledValue().toByteArray();
  }
}
