package dev.lineage.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items the items, in creation order
 * @param next where the next page starts; present exactly when more items follow
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<Cursor> next) {

  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(next, "next");
  }
}
