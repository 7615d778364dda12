package dev.gofer.mod.tlog;

import java.util.List;

/**
 * A proof that a tree contains a record: RFC 6962's Merkle audit path, in Go's order (deepest
 * sibling first). See {@link Tlog#proveRecord} and {@link Tlog#checkRecord}.
 */
public record RecordProof(List<Hash> hashes) {
  public RecordProof {
    hashes = List.copyOf(hashes);
  }
}
