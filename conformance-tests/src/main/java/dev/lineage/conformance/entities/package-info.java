/**
 * The generic test entities of the conformance suite (reference section 5): simple, parent and
 * children, references, many-to-many, hierarchy with back-references, bidirectional, a three-way
 * cycle, a diamond, nested and complex structures, and one entity with a field of every storable
 * kind. Public fields keep the suite's scenarios short; they are fixtures, not a style to copy.
 */
package dev.lineage.conformance.entities;
