package dev.lineage.storage.jdbi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The rows of a query that PostgreSQL streams with {@code COPY (query) TO STDOUT (FORMAT
 * binary)}. The driver reads a query's whole result before it hands over the first row, so its
 * rows could only be decoded after the server had sent the last; a {@code COPY} hands each row
 * over as it arrives, and the rows are decoded while the server still produces the next ones.
 * The binary format gives ids as 16 bytes and numbers as their bytes, with nothing to parse.
 *
 * <p>{@code COPY} takes no parameters, so the query is sent as text: it must hold no value that
 * a caller chose (the reads that use it name versions by id only). The driver is an optional
 * dependency of this adapter: without it on the class path, or on a connection that is not
 * the driver's, reads run as queries ({@link #usable}).
 */
final class CopyRows implements Columns, AutoCloseable {

  /** The start of a binary {@code COPY}: a signature, 32 bits of flags, an extension's length. */
  private static final byte[] SIGNATURE =
      {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

  /** Big-endian numbers read in place from a row's bytes (no buffer made per row). */
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static final boolean DRIVER_PRESENT = driverPresent();

  private final CopyOut copy;
  private final int columns;
  private final int[] starts;
  private final int[] lengths;
  private byte[] chunk;
  private int at;
  private boolean started;
  private boolean ended;
  private boolean lastNull;

  private CopyRows(CopyOut copy, int columns) {
    this.copy = copy;
    this.columns = columns;
    this.starts = new int[columns + 1];
    this.lengths = new int[columns + 1];
  }

  /** Whether reads on {@code connection} can be streamed this way. */
  static boolean usable(Connection connection) {
    if (!DRIVER_PRESENT) {
      return false;
    }
    try {
      return connection.isWrapperFor(PGConnection.class);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Starts streaming the rows of {@code query}, of {@code columns} columns each. */
  static CopyRows start(Connection connection, String query, int columns) throws SQLException {
    CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI()
        .copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)");
    return new CopyRows(copy, columns);
  }

  @Override
  public boolean next() throws SQLException {
    while (!ended && (chunk == null || at == chunk.length)) {
      chunk = copy.readFromCopy();
      at = 0;
      if (chunk == null) {
        throw new SQLException("COPY ended without its trailer");
      }
      if (!started) {
        skipHeader();
      }
    }
    if (ended) {
      return false;
    }
    int count = (short) SHORT.get(chunk, at);
    if (count == -1) { // the trailer; the server ends the COPY after it
      ended = true;
      drain();
      return false;
    }
    if (count != columns) {
      throw new SQLException("a COPY row has " + count + " columns, not " + columns);
    }
    int next = at + 2;
    for (int column = 1; column <= columns; column++) {
      int length = readInt(next);
      starts[column] = next + 4;
      lengths[column] = length;
      next += 4 + Math.max(length, 0);
    }
    if (next > chunk.length) {
      throw new SQLException("a COPY row is cut short");
    }
    at = next;
    return true;
  }

  @Override
  public int getInt(int column) throws SQLException {
    return width(column, 4) ? readInt(starts[column]) : 0;
  }

  @Override
  public long getLong(int column) throws SQLException {
    return width(column, 8) ? readLong(starts[column]) : 0;
  }

  @Override
  public boolean wasNull() {
    return lastNull;
  }

  @Override
  public String getString(int column) {
    lastNull = lengths[column] < 0;
    return lastNull ? null
        : new String(chunk, starts[column], lengths[column], StandardCharsets.UTF_8);
  }

  @Override
  public byte[] getBytes(int column) {
    lastNull = lengths[column] < 0;
    return lastNull ? null
        : Arrays.copyOfRange(chunk, starts[column], starts[column] + lengths[column]);
  }

  @Override
  public UUID getId(int column) throws SQLException {
    if (!width(column, 16)) {
      return null;
    }
    int start = starts[column];
    return new UUID(readLong(start), readLong(start + 8));
  }

  /**
   * Reads what is left, so that the connection can run its next statement: after the trailer,
   * the end of the {@code COPY}; after a failure while decoding, the rest of its rows.
   */
  @Override
  public void close() throws SQLException {
    drain();
  }

  private void drain() throws SQLException {
    while (copy.isActive() && copy.readFromCopy() != null) {
      // the rows after a failure are not needed
    }
  }

  /** Whether the column is not null, checking that it is {@code width} bytes wide. */
  private boolean width(int column, int width) throws SQLException {
    int length = lengths[column];
    lastNull = length < 0;
    if (!lastNull && length != width) {
      throw new SQLException("COPY column " + column + " holds " + length + " bytes, not "
          + width);
    }
    return !lastNull;
  }

  private void skipHeader() throws SQLException {
    int fixed = SIGNATURE.length + 8;
    if (chunk.length < fixed
        || !Arrays.equals(chunk, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw new SQLException("COPY did not start with the binary format's signature");
    }
    at = fixed + readInt(SIGNATURE.length + 4); // past the header's extension, if any
    started = true;
  }

  private int readInt(int from) {
    return (int) INT.get(chunk, from);
  }

  private long readLong(int from) {
    return (long) LONG.get(chunk, from);
  }

  private static boolean driverPresent() {
    try {
      Class.forName("org.postgresql.PGConnection", false, CopyRows.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
