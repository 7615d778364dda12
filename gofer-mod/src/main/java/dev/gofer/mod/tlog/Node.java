package dev.gofer.mod.tlog;

/**
 * Coordinates of a hash in the tree: {@code n} counts from the left at {@code level}, and the node
 * is the root of the complete subtree over leaves {@code [n·2^level, (n+1)·2^level)}.
 */
public record Node(int level, long n) {}
