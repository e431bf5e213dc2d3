package dev.lineage.storage.jdbi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The SHA-256 digest of a list of ids, each written as its 16 bytes, most significant first. A
 * stored list carries the digest of its ids; a new version whose list starts with the same digest
 * over the same length provably extends it (a collision would need a SHA-256 collision), so the
 * adapter can append to a stored list without reading it back.
 *
 * <p>Not thread-safe: one instance per computation. {@link #copy} forks the running state, so a
 * list that grows turn by turn is hashed once in total, not once per turn.
 */
final class IdDigest {

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final MessageDigest sha;
  private final byte[] buffer = new byte[16 * 256];
  private int buffered;

  private IdDigest(MessageDigest sha) {
    this.sha = sha;
  }

  /** An empty digest, ready for the first id. */
  static IdDigest start() {
    try {
      return new IdDigest(MessageDigest.getInstance("SHA-256"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Adds one id. */
  void add(long msb, long lsb) {
    if (buffered == buffer.length) {
      flush();
    }
    putLong(buffer, buffered, msb);
    putLong(buffer, buffered + 8, lsb);
    buffered += 16;
  }

  void add(UUID id) {
    add(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  void addAll(List<UUID> ids) {
    for (UUID id : ids) {
      add(id);
    }
  }

  /**
   * An independent digest in the same state, or null where the platform cannot copy one.
   * Synchronized because a cached list's digest state is copied by concurrent commits.
   */
  synchronized IdDigest copy() {
    flush();
    try {
      return new IdDigest((MessageDigest) sha.clone());
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  /** The digest of the ids added so far, as stored; this instance is used up. */
  String finish() {
    flush();
    return BASE64.encodeToString(sha.digest());
  }

  private void flush() {
    if (buffered > 0) {
      sha.update(buffer, 0, buffered);
      buffered = 0;
    }
  }

  private static void putLong(byte[] into, int at, long value) {
    for (int i = 7; i >= 0; i--) {
      into[at + i] = (byte) value;
      value >>>= 8;
    }
  }
}
