package dev.lineage.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name an entity type is stored under, instead of its fully qualified class name. A stable
 * name lets a class move or be renamed without making stored versions unreadable; an adapter may
 * map well-known names to tables of their own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TypeName {
  /** The stored type name. */
  String value();
}
