package dev.scimserverless.core.filter;

import dev.scimserverless.core.schema.AttributePath;

/**
 * A walk over a {@link Filter} tree, one method per kind of node ({@link Filter#accept}): every
 * recursion over filters (evaluation, printing, PATCH value filters, query planning) is one of
 * these, so a new kind of node is a compile error in each walk rather than a silent fall-through.
 *
 * @param <R> what the walk returns for a node ({@link Void} for a walk that only checks)
 */
public interface FilterVisitor<R> {
  R visitAnd(Filter.And and);

  R visitOr(Filter.Or or);

  R visitNot(Filter.Not not);

  R visitComparison(Filter.Comparison comparison);

  R visitPresent(Filter.Present present);

  R visitValuePath(Filter.ValuePath valuePath);

  /**
   * A walk that treats the three terms alike (a comparison, a presence test and a value path are
   * each about one attribute path) and combines what {@code and} and {@code or} find; {@code not}
   * is what its operand is.
   */
  abstract class OverTerms<R> implements FilterVisitor<R> {
    /** What one term, about {@code path}, gives. */
    protected abstract R term(Filter term, AttributePath path);

    /** The results of both sides of an {@code and} or an {@code or} (both are walked). */
    protected abstract R both(R left, R right);

    @Override
    public R visitAnd(Filter.And and) {
      R left = and.left().accept(this);
      return both(left, and.right().accept(this));
    }

    @Override
    public R visitOr(Filter.Or or) {
      R left = or.left().accept(this);
      return both(left, or.right().accept(this));
    }

    @Override
    public R visitNot(Filter.Not not) {
      return not.filter().accept(this);
    }

    @Override
    public R visitComparison(Filter.Comparison comparison) {
      return term(comparison, comparison.path());
    }

    @Override
    public R visitPresent(Filter.Present present) {
      return term(present, present.path());
    }

    @Override
    public R visitValuePath(Filter.ValuePath valuePath) {
      return term(valuePath, valuePath.path());
    }
  }
}
