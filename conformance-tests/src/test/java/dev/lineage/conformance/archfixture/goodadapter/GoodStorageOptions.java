package dev.lineage.conformance.archfixture.goodadapter;

/** The adapter's options. */
public record GoodStorageOptions(String name) {}
