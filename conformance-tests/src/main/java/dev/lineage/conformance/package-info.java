/**
 * The conformance kit for {@link dev.lineage.storage.EntityStorage} adapters: the abstract suite
 * {@link dev.lineage.conformance.EntityStorageSuite} every adapter extends unchanged, its optional
 * {@link dev.lineage.conformance.Capability capabilities}, and the architecture rules of {@link
 * dev.lineage.conformance.LineageArchitecture}. The rules are numbered in {@code RULES.md}.
 */
package dev.lineage.conformance;
