package dev.lineage.conformance.archfixture.cyclic.a;

import dev.lineage.conformance.archfixture.cyclic.b.B;

/** Half of a package cycle. */
public class A {
  public B b;
}
