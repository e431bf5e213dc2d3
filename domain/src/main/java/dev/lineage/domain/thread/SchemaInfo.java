package dev.lineage.domain.thread;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a derived JSON schema should say beyond a property's type: a description and numeric
 * bounds. Put it on a record component or field of a tool's input or output type, on a parameter
 * of a method registered as a function, or on the type itself (only its description applies).
 *
 * <pre>{@code
 * @SchemaInfo(description = "Two numbers to multiply")
 * record Factors(@SchemaInfo(description = "left", exclusiveMinimum = 0) double x, double y) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
public @interface SchemaInfo {

  /** The {@code description}; empty for none. */
  String description() default "";

  /** The inclusive {@code minimum}; NaN for none. */
  double minimum() default Double.NaN;

  /** The inclusive {@code maximum}; NaN for none. */
  double maximum() default Double.NaN;

  /** The {@code exclusiveMinimum}; NaN for none. */
  double exclusiveMinimum() default Double.NaN;

  /** The {@code exclusiveMaximum}; NaN for none. */
  double exclusiveMaximum() default Double.NaN;
}
