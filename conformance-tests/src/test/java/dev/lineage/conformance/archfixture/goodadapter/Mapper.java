package dev.lineage.conformance.archfixture.goodadapter;

final class Mapper {
  private Mapper() {}

  static String kind(GoodStorageOptions options) {
    return "good/" + options.name();
  }
}
