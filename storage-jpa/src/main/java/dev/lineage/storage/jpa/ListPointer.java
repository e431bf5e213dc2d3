package dev.lineage.storage.jpa;

import java.util.UUID;

/**
 * Where a stored id list ends: the list is the items of {@code segment} up to {@code slot}, after
 * the items of that segment's parent up to its parent slot, and so on. An empty list has no
 * segment. {@code digest} is the SHA-256 of the list's ids, so that a later version can show that
 * its list extends this one without reading it.
 *
 * @param segment the last segment of the list, or null when the list is empty
 * @param slot the last slot of the list in {@code segment}, or null when the list is empty
 * @param length how many ids the list holds
 * @param digest {@link IdDigest} of the ids, or null when the list is empty
 */
record ListPointer(UUID segment, Integer slot, int length, byte[] digest) {

  static final ListPointer EMPTY = new ListPointer(null, null, 0, null);

  boolean isEmpty() {
    return length == 0;
  }
}
