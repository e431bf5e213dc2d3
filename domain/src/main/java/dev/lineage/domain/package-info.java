/**
 * Versioned entities and the registry that stores them.
 *
 * <p>Extend {@link dev.lineage.domain.Entity} with ordinary fields, build an {@link
 * dev.lineage.domain.EntityRegistry} over an {@link dev.lineage.storage.EntityStorage} adapter, and
 * commit working copies: the registry compares them with their stored versions, forks what changed
 * together with every owner above it, and shares what did not. Reads hand out independent working
 * copies; lineages can be listed, diffed, drawn as trees and branched.
 */
package dev.lineage.domain;
