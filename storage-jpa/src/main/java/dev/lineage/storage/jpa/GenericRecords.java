package dev.lineage.storage.jpa;

import dev.lineage.storage.UnreadableDataException;
import dev.lineage.storage.Value;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records to {@link GenericRow}s and back. */
final class GenericRecords {

  private GenericRecords() {}

  /** A row holding {@code record}'s type and fields (versioning columns not set). */
  static GenericRow toRow(VersionRecord record) {
    GenericRow row = new GenericRow();
    row.typeName = record.type();
    row.body = ValueJson.write(new Value.Obj(record.fields()));
    List<Value> names = new ArrayList<>();
    record.fields().keySet().forEach(name -> names.add(new Value.Text(name)));
    row.fieldNames = ValueJson.write(new Value.Seq(names));
    return row;
  }

  /**
   * The fields {@code row} holds, in their stored order.
   *
   * @throws UnreadableDataException if its body or field names are not what this adapter writes
   */
  static Map<String, Value> fields(GenericRow row) {
    Value body;
    Value names;
    try {
      body = ValueJson.read(row.body);
      names = ValueJson.read(row.fieldNames);
    } catch (ValueJson.MalformedJsonException e) {
      throw new UnreadableDataException(
          "generic_entity row " + row.ecsId + " (" + row.typeName + "): broken JSON: "
              + e.getMessage(), e);
    }
    if (!(body instanceof Value.Obj obj) || !(names instanceof Value.Seq order)
        || order.items().size() != obj.fields().size()) {
      throw new UnreadableDataException("generic_entity row " + row.ecsId + " (" + row.typeName
          + "): body and field_names do not match");
    }
    Map<String, Value> fields = new LinkedHashMap<>();
    for (Value name : order.items()) {
      Value value = name instanceof Value.Text text ? obj.fields().get(text.value()) : null;
      if (value == null) {
        throw new UnreadableDataException("generic_entity row " + row.ecsId + " ("
            + row.typeName + "): field_names lists " + name + ", which the body lacks");
      }
      fields.put(((Value.Text) name).value(), value);
    }
    return fields;
  }
}
