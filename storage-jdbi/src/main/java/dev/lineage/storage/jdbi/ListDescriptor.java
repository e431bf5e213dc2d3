package dev.lineage.storage.jdbi;

import java.util.Objects;
import java.util.UUID;

/**
 * Where a stored list of ids lives, as a version's JSON names it: the first {@code length}
 * positions of the list segment {@code segment} (whose rows, and those of the segments it is based
 * on, are in {@code lineage_link}), and the SHA-256 digest of those ids (see {@link IdDigest}),
 * which lets a later version prove that it extends this list without reading it.
 *
 * @param segment the id of the segment that holds the last positions
 * @param length how many ids the list has
 * @param digest the digest of the ids, URL-safe base64 without padding
 */
record ListDescriptor(UUID segment, int length, String digest) {

  ListDescriptor {
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(digest, "digest");
  }

  /** The JSON string of this descriptor: {@code ~l<segment>:<length>:<digest>}. */
  String encode() {
    return "~l" + segment + ":" + length + ":" + digest;
  }

  /** Whether a stored string is a descriptor (else it is something else, such as old ids). */
  static boolean isDescriptor(String text) {
    return text.startsWith("~l");
  }

  /**
   * The descriptor a JSON string holds.
   *
   * @throws JsonCodec.BadJson if it is not one
   */
  static ListDescriptor decode(String text) {
    int first = text.indexOf(':');
    int second = first < 0 ? -1 : text.indexOf(':', first + 1);
    if (!text.startsWith("~l") || first < 0 || second < 0) {
      throw new JsonCodec.BadJson(
          "\"" + JsonCodec.abbreviate(text) + "\" is not a list descriptor ~l<segment>:<length>:"
              + "<digest>");
    }
    try {
      UUID segment = UUID.fromString(text.substring(2, first));
      int length = Integer.parseInt(text.substring(first + 1, second));
      if (length < 0) {
        throw new NumberFormatException("negative length " + length);
      }
      return new ListDescriptor(segment, length, text.substring(second + 1));
    } catch (IllegalArgumentException e) {
      throw new JsonCodec.BadJson(
          "\"" + JsonCodec.abbreviate(text) + "\" is not a list descriptor: " + e.getMessage());
    }
  }
}
