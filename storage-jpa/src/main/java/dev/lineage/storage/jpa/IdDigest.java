package dev.lineage.storage.jpa;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * SHA-256 over a list of ids (16 bytes each, in order). Two lists with equal digests and lengths
 * are taken to be equal: that is how a new version proves that its history or its old ids extend
 * its parent's, without the parent's list being read. A running digest can be {@linkplain #copy
 * copied}, so a list that grows turn by turn is hashed once in all, not once per turn.
 *
 * <p>Not thread-safe, except {@link #copy}: a cached running digest is copied by concurrent
 * commits, and never changed itself.
 */
final class IdDigest {

  private final MessageDigest sha;
  private final ByteBuffer buffer = ByteBuffer.allocate(16 * 256);
  private int count;

  private IdDigest(MessageDigest sha, int count) {
    this.sha = sha;
    this.count = count;
  }

  /** A digest of no ids yet. */
  static IdDigest start() {
    try {
      return new IdDigest(MessageDigest.getInstance("SHA-256"), 0);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The digests of the first {@code prefix} ids of {@code ids} and of all of them. */
  static byte[][] prefixAndWhole(List<UUID> ids, int prefix) {
    IdDigest digest = start();
    byte[] first = null;
    for (int i = 0; i < ids.size(); i++) {
      if (i == prefix) {
        first = digest.snapshot();
      }
      digest.add(ids.get(i));
    }
    byte[] whole = digest.snapshot();
    return new byte[][] {prefix == ids.size() ? whole : first, whole};
  }

  /** The digest of {@code ids}, or null for an empty list. */
  static byte[] of(List<UUID> ids) {
    IdDigest digest = start();
    ids.forEach(digest::add);
    return digest.snapshot();
  }

  void add(UUID id) {
    add(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  void add(long mostSignificant, long leastSignificant) {
    if (!buffer.hasRemaining()) {
      drain();
    }
    buffer.putLong(mostSignificant).putLong(leastSignificant);
    count++;
  }

  /** The digest of the ids added so far (null for none); adding may continue. */
  byte[] snapshot() {
    if (count == 0) {
      return null;
    }
    drain();
    return copyOf(sha).digest();
  }

  /** An independent digest in the same state. */
  synchronized IdDigest copy() {
    drain();
    return new IdDigest(copyOf(sha), count);
  }

  private void drain() {
    buffer.flip();
    sha.update(buffer);
    buffer.clear();
  }

  private static MessageDigest copyOf(MessageDigest sha) {
    try {
      return (MessageDigest) sha.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the platform's SHA-256 cannot be cloned", e);
    }
  }
}
