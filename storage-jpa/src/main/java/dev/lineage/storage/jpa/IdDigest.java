package dev.lineage.storage.jpa;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * SHA-256 over a list of ids (16 bytes each, in order). Two lists with equal digests and lengths
 * are taken to be equal: that is how a new version proves that its history or its old ids extend
 * its parent's, without the parent's list being read.
 */
final class IdDigest {

  private final MessageDigest sha;
  private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
  private int count;

  IdDigest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The digests of the first {@code prefix} ids of {@code ids} and of all of them. */
  static byte[][] prefixAndWhole(List<UUID> ids, int prefix) {
    IdDigest digest = new IdDigest();
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
    IdDigest digest = new IdDigest();
    ids.forEach(digest::add);
    return digest.snapshot();
  }

  void add(UUID id) {
    if (!buffer.hasRemaining()) {
      drain();
    }
    buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    count++;
  }

  /** The digest of the ids added so far (null for none); adding may continue. */
  byte[] snapshot() {
    if (count == 0) {
      return null;
    }
    drain();
    try {
      return ((MessageDigest) sha.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the platform's SHA-256 cannot be cloned", e);
    }
  }

  private void drain() {
    buffer.flip();
    sha.update(buffer);
    buffer.clear();
  }
}
