package dev.lineage.storage.inmemory;

import dev.lineage.storage.Commit;
import dev.lineage.storage.ConflictException;
import dev.lineage.storage.Cursor;
import dev.lineage.storage.EntityStorage;
import dev.lineage.storage.IntegrityReport;
import dev.lineage.storage.Page;
import dev.lineage.storage.PageRequest;
import dev.lineage.storage.StorageStatus;
import dev.lineage.storage.VersionRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Stores versions in this JVM's memory. It is the reference adapter, which every other adapter is
 * measured against, and the test double for applications: swap it in for a database adapter with
 * one line.
 *
 * <p>Thread-safe: commits take an exclusive lock, so each is atomic and the conflict check sees
 * every earlier commit; reads share a lock. Stored records are immutable, so reads hand them out
 * without copying. Nothing survives the JVM.
 */
public final class InMemoryEntityStorage implements EntityStorage {

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<UUID, VersionRecord> versions = new HashMap<>();
  private final Map<UUID, NavigableSet<VersionRecord>> byLineage = new HashMap<>();
  private final Map<String, NavigableSet<VersionRecord>> byType = new HashMap<>();
  private final Map<UUID, Set<UUID>> successors = new HashMap<>();

  @Override
  public void commit(Commit commit) {
    Objects.requireNonNull(commit, "commit");
    write(() -> {
      List<VersionRecord> fresh = new ArrayList<>();
      for (VersionRecord version : commit.versions()) {
        VersionRecord stored = versions.get(version.ecsId());
        if (stored == null) {
          fresh.add(version);
        } else if (!stored.equals(version)) {
          throw new ConflictException(
              "version " + version.ecsId() + " (" + version.type() + ") is already stored with"
                  + " different content; stored versions never change");
        }
      }
      VersionRecord root = commit.root();
      if (root.parentId() != null && !commit.branch()) {
        for (UUID successor : successors.getOrDefault(root.parentId(), Set.of())) {
          if (!successor.equals(root.ecsId())) {
            throw new ConflictException(
                root.type() + " version " + root.parentId() + " already has the successor "
                    + successor + "; reload the latest version, or commit a branch");
          }
        }
      }
      fresh.forEach(this::index);
      return null;
    });
  }

  private void index(VersionRecord version) {
    versions.put(version.ecsId(), version);
    byLineage.computeIfAbsent(version.lineageId(), k -> newOrderedSet()).add(version);
    byType.computeIfAbsent(version.type(), k -> newOrderedSet()).add(version);
    if (version.parentId() != null) {
      successors.computeIfAbsent(version.parentId(), k -> new HashSet<>()).add(version.ecsId());
    }
  }

  @Override
  public Map<UUID, VersionRecord> loadGraphs(Collection<UUID> rootIds) {
    return read(() -> {
      Map<UUID, VersionRecord> graph = new HashMap<>();
      Deque<UUID> pending = new ArrayDeque<>(rootIds);
      while (!pending.isEmpty()) {
        UUID id = pending.poll();
        VersionRecord version = versions.get(id);
        if (version != null && graph.putIfAbsent(id, version) == null) {
          version.forEachReference(reference -> {
            if (!graph.containsKey(reference)) {
              pending.add(reference);
            }
          });
        }
      }
      return graph;
    });
  }

  @Override
  public Map<UUID, VersionRecord> loadVersions(Collection<UUID> ecsIds) {
    return read(() -> {
      Map<UUID, VersionRecord> found = new HashMap<>();
      for (UUID id : ecsIds) {
        VersionRecord version = versions.get(id);
        if (version != null) {
          found.put(id, version);
        }
      }
      return found;
    });
  }

  @Override
  public boolean exists(UUID ecsId) {
    return read(() -> versions.containsKey(ecsId));
  }

  @Override
  public Page<VersionRecord> listByType(Set<String> types, PageRequest page) {
    return read(() -> {
      List<NavigableSet<VersionRecord>> sources = new ArrayList<>();
      for (String type : types) {
        NavigableSet<VersionRecord> ofType = byType.get(type);
        if (ofType != null) {
          sources.add(ofType);
        }
      }
      return pageOf(sources, page);
    });
  }

  @Override
  public Page<VersionRecord> listLineage(UUID lineageId, PageRequest page) {
    return read(() -> {
      NavigableSet<VersionRecord> lineage = byLineage.get(lineageId);
      return pageOf(lineage == null ? List.of() : List.of(lineage), page);
    });
  }

  @Override
  public Page<VersionRecord> listAll(PageRequest page) {
    return read(() -> pageOf(new ArrayList<>(byType.values()), page));
  }

  /** Stored records are checked when committed and cannot be altered, so only the links are. */
  @Override
  public IntegrityReport verify() {
    return IntegrityReport.check(read(() -> new HashMap<>(versions)));
  }

  @Override
  public StorageStatus status() {
    return read(() -> new StorageStatus("in-memory", versions.size(), byLineage.size()));
  }

  /** Forgets every stored version. */
  public void clear() {
    write(() -> {
      versions.clear();
      byLineage.clear();
      byType.clear();
      successors.clear();
      return null;
    });
  }

  /** Merges the sorted sources from the cursor on: the first {@code limit} in creation order. */
  private static Page<VersionRecord> pageOf(
      List<NavigableSet<VersionRecord>> sources, PageRequest page) {
    NavigableSet<VersionRecord> candidates = newOrderedSet();
    for (NavigableSet<VersionRecord> source : sources) {
      NavigableSet<VersionRecord> tail =
          page.after().map(cursor -> source.tailSet(probe(cursor), false)).orElse(source);
      for (VersionRecord version : tail) {
        if (candidates.size() > page.limit()
            && VersionRecord.CREATION_ORDER.compare(version, candidates.last()) > 0) {
          break;
        }
        candidates.add(version);
        if (candidates.size() > page.limit() + 1) {
          candidates.pollLast();
        }
      }
    }
    List<VersionRecord> items = new ArrayList<>(candidates);
    if (items.size() <= page.limit()) {
      return new Page<>(items, Optional.empty());
    }
    List<VersionRecord> first = items.subList(0, page.limit());
    return new Page<>(first, Optional.of(Cursor.after(first.get(first.size() - 1))));
  }

  /** A record that sorts exactly at {@code cursor}, to cut a sorted set there. */
  private static VersionRecord probe(Cursor cursor) {
    return new VersionRecord(
        cursor.ecsId(), cursor.ecsId(), null, List.of(), cursor.createdAt(), "cursor", Map.of());
  }

  private static NavigableSet<VersionRecord> newOrderedSet() {
    return new TreeSet<>(VersionRecord.CREATION_ORDER);
  }

  private <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
