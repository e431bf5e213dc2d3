/**
 * The {@code lineage} command-line tool: {@link dev.lineage.cli.LineageCommand} runs a demo
 * conversation stored with its whole history, and inspects any store (its threads, a lineage's
 * log and tree, a version, a diff), exports and imports it as JSON lines, and checks its
 * integrity. A store is opened from one option: {@code memory}, a JDBC URL (JDBI or JPA adapter)
 * or a MongoDB URI.
 */
package dev.lineage.cli;
