package dev.lineage.conformance.archfixture.goodadapter;

import dev.lineage.storage.StorageStatus;

/** Keeps the adapter rules: a public entry point and options record, the rest package-private. */
public final class GoodEntityStorage {
  private final GoodStorageOptions options;

  public GoodEntityStorage(GoodStorageOptions options) {
    this.options = options;
  }

  public StorageStatus status() {
    return new StorageStatus(Mapper.kind(options), 0, 0);
  }
}
