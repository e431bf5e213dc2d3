package dev.lineage.storage.jpa;

import java.security.SecureRandom;
import java.util.UUID;

/** New ids for list segments: UUIDv7, time-ordered for index locality (D-10). */
final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static UUID newId() {
    long millis = System.currentTimeMillis();
    long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
    long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
