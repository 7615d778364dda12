package dev.gofer.mod.tlog;

import java.util.List;

/**
 * A proof that a tree contains an earlier tree as a prefix: RFC 6962's Merkle consistency proof.
 * See {@link Tlog#proveTree} and {@link Tlog#checkTree}.
 */
public record TreeProof(List<Hash> hashes) {
  public TreeProof {
    hashes = List.copyOf(hashes);
  }
}
