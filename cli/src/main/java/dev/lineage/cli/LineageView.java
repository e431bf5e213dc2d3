package dev.lineage.cli;

import dev.lineage.domain.EntityDiff;
import dev.lineage.domain.LineageTree;
import dev.lineage.storage.NotFoundException;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Every version of one lineage, as stored records and as a tree with the diff of each version
 * from its parent (the registry's tree for thread types, else one built from the records).
 */
final class LineageView {

  private static final int PAGE = 1_000;

  private final UUID lineageId;
  private final Map<UUID, VersionRecord> versions;
  private final LineageTree tree;
  private final Map<UUID, LineageTree.Node> nodes = new HashMap<>();

  private LineageView(UUID lineageId, Map<UUID, VersionRecord> versions, LineageTree tree) {
    this.lineageId = lineageId;
    this.versions = versions;
    this.tree = tree;
    tree.nodes().forEach(node -> nodes.put(node.ecsId(), node));
  }

  /**
   * The lineage {@code id} names, or, when no lineage has that id, the lineage of the version it
   * names.
   *
   * @throws NotFoundException if it names neither
   */
  static LineageView load(Store store, UUID id) {
    UUID lineageId = lineageOf(store, id);
    Map<UUID, VersionRecord> versions = new LinkedHashMap<>();
    PageRequest request = PageRequest.first(PAGE);
    while (true) {
      Page<VersionRecord> page = store.storage().listLineage(lineageId, request);
      page.items().forEach(version -> versions.put(version.ecsId(), version));
      if (page.next().isEmpty()) {
        break;
      }
      request = PageRequest.after(page.next().get(), PAGE);
    }
    LineageTree tree = store.registry().lineageTree(lineageId);
    // a version committed between the two reads: the tree has it, so the records must too
    Set<UUID> missing = new HashSet<>(tree.sortedIds());
    missing.removeAll(versions.keySet());
    if (!missing.isEmpty()) {
      Map<UUID, VersionRecord> all = new LinkedHashMap<>();
      Map<UUID, VersionRecord> late = store.storage().loadVersions(missing);
      tree.sortedIds().forEach(
          ecsId -> all.put(ecsId, versions.getOrDefault(ecsId, late.get(ecsId))));
      return new LineageView(lineageId, all, tree);
    }
    return new LineageView(lineageId, versions, tree);
  }

  /** The lineage {@code id} names, or the lineage of the version it names. */
  static UUID lineageOf(Store store, UUID id) {
    if (!store.storage().listLineage(id, PageRequest.first(1)).items().isEmpty()) {
      return id;
    }
    VersionRecord version = store.storage().loadVersions(List.of(id)).get(id);
    if (version == null) {
      throw new NotFoundException("no lineage or version " + id + " is stored");
    }
    return version.lineageId();
  }

  UUID lineageId() {
    return lineageId;
  }

  LineageTree tree() {
    return tree;
  }

  VersionRecord version(UUID ecsId) {
    return versions.get(ecsId);
  }

  /** The tree's node of version {@code ecsId}; null if it is not in this lineage. */
  LineageTree.Node node(UUID ecsId) {
    return nodes.get(ecsId);
  }

  /** The stored type names of its versions, simple names, once each (usually one). */
  String typeLabel() {
    Set<String> types = new TreeSet<>();
    versions.values().forEach(version -> types.add(ThreadTypes.simpleName(version.type())));
    return String.join("/", types);
  }

  /** How {@code node} differs from its parent, or null for a version without a parent here. */
  Changes changes(LineageTree.Node node) {
    if (node.diffFromParent().isEmpty()) {
      return null;
    }
    EntityDiff diff = node.diffFromParent().get();
    return new Changes(
        diff, versions.get(node.parentId().orElseThrow()), versions.get(node.ecsId()));
  }

  /** Whether {@code node} is a later child of its parent: a branch. */
  boolean isBranch(LineageTree.Node node) {
    LineageTree.Node parent = node.parentId().map(nodes::get).orElse(null);
    return parent != null && parent.children().indexOf(node.ecsId()) > 0;
  }

  /** Every change of every version: the versions whose list members they name. */
  Set<UUID> members() {
    Set<UUID> ids = new HashSet<>();
    for (LineageTree.Node node : tree.nodes()) {
      Changes changes = changes(node);
      if (changes != null) {
        ids.addAll(changes.members());
      }
    }
    return ids;
  }

  /** The ids of the versions without a successor (the tips of the branches), newest first. */
  List<UUID> tips() {
    List<UUID> tips = new ArrayList<>();
    for (LineageTree.Node node : tree.nodes()) {
      if (node.children().isEmpty()) {
        tips.add(0, node.ecsId());
      }
    }
    return tips;
  }
}
