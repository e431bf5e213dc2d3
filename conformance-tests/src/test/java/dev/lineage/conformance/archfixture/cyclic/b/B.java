package dev.lineage.conformance.archfixture.cyclic.b;

import dev.lineage.conformance.archfixture.cyclic.a.A;

/** The other half of a package cycle. */
public class B {
  public A a;
}
