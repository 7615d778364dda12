package dev.gofer.mod.sumdb;

import dev.gofer.mod.tlog.Tree;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tree head and the signed note it came from. The note is what a client persists and what a
 * server publishes as {@code /latest}; it is empty only for the empty tree, which nobody signs.
 */
public final class SignedTree {
  static final SignedTree EMPTY = new SignedTree(Tree.EMPTY, new byte[0]);

  private final Tree tree;
  private final byte[] note;

  private SignedTree(Tree tree, byte[] note) {
    this.tree = Objects.requireNonNull(tree);
    this.note = note;
  }

  static SignedTree of(Tree tree, byte[] note) {
    return new SignedTree(tree, note.clone());
  }

  /** The tree: size and root hash. */
  public Tree tree() {
    return tree;
  }

  /** The signed note, a copy. */
  public byte[] note() {
    return note.clone();
  }

  byte[] noteUnsafe() {
    return note;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedTree s && tree.equals(s.tree) && Arrays.equals(note, s.note);
  }

  @Override
  public int hashCode() {
    return tree.hashCode();
  }

  @Override
  public String toString() {
    return "SignedTree[" + tree.n() + " " + tree.hash() + "]";
  }
}
