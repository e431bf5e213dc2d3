package dev.lineage.conformance.entities;

import dev.lineage.domain.Entity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One field of every kind a stored entity can hold, to check that each round-trips exactly
 * (D-5). Sets and maps keep their iteration order.
 */
public class ValuesEntity extends Entity {

  /** An enum field's values. */
  public enum Mood {
    CALM,
    CURIOUS,
    LOUD
  }

  public String text;
  public int smallNumber;
  public long bigNumber;
  public short shortNumber;
  public byte byteNumber;
  public double real;
  public float singleReal;
  public boolean flag;
  public Integer boxedNumber;
  public Double boxedReal;
  public Boolean boxedFlag;
  public UUID uuid;
  public Instant instant;
  public Mood mood;
  public Optional<String> maybeText = Optional.empty();
  public Optional<SimpleEntity> maybeEntity = Optional.empty();
  public List<String> texts = new ArrayList<>();
  public List<Long> numbers = new ArrayList<>();
  public Set<String> tags = new LinkedHashSet<>();
  public Map<String, Integer> counts = new LinkedHashMap<>();
  public Map<UUID, String> byUuid = new LinkedHashMap<>();
  public Map<Mood, Double> byMood = new LinkedHashMap<>();
  public Map<Integer, String> byNumber = new LinkedHashMap<>();
  public Map<String, Object> json = new LinkedHashMap<>();
  public Object anything;
  public List<List<String>> nestedLists = new ArrayList<>();
  public Map<String, List<SimpleEntity>> entityGroups = new LinkedHashMap<>();

  public ValuesEntity() {}
}
