package dev.lineage.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that points back at an entity owning this one (a child's {@code parent}).
 *
 * <p>A back-reference is an edge for cycle detection, but not an ownership edge: it is not walked
 * for sub-entities, a change of the owner does not fork the child, and it is not stored. When the
 * owner is loaded in the same graph the field is restored to point at it; loaded on its own, the
 * child's back-reference is null. So an unchanged child version can be shared by several versions
 * of its owner and still point at the right one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface BackReference {}
