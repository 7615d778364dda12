package dev.gofer.host.inspect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an ELF executable is linked and for which machine: the facts {@code file} and {@code
 * readelf -h -l -d} report, read by {@link ElfLinkingReader}.
 *
 * @param bits 32 or 64 (the ELF class)
 * @param bigEndian whether the file's data encoding is big-endian (MSB)
 * @param machine the architecture in Go's GOARCH words where there is one ({@code amd64}, {@code
 *     386}, {@code arm}, {@code arm64}, {@code s390x}, {@code mips}, ...), else {@code
 *     machine-<e_machine>}
 * @param type the kind of object the ELF header and dynamic section describe
 * @param interpreter the program interpreter ({@code PT_INTERP}), for example {@code
 *     /lib64/ld-linux-x86-64.so.2}, or empty for a static executable
 * @param needed the shared libraries the dynamic section names ({@code DT_NEEDED}), in order
 * @param stripped whether the file has no symbol table ({@code SHT_SYMTAB}), as {@code file}
 *     calls it
 * @param upxPacked whether the file carries the {@code UPX!} marker of the UPX packer in its first
 *     4 KiB
 */
public record ElfLinking(
    int bits,
    boolean bigEndian,
    String machine,
    Type type,
    Optional<String> interpreter,
    List<String> needed,
    boolean stripped,
    boolean upxPacked) {

  /** The kind of ELF object. */
  public enum Type {
    /** {@code ET_EXEC}: a position-dependent executable. */
    EXEC,
    /**
     * {@code ET_DYN} with an interpreter or the {@code DF_1_PIE} flag: a position-independent
     * executable ({@code -buildmode=pie}).
     */
    PIE,
    /** {@code ET_DYN} without either: a shared object ({@code -buildmode=c-shared}). */
    SHARED,
    /** Any other {@code e_type} (relocatable, core). */
    OTHER
  }

  /** How the C library is linked, guessed from the interpreter and needed libraries. */
  public enum Libc {
    /** Statically linked: no interpreter and no needed libraries; runs on any libc. */
    NONE,
    /** The GNU C library ({@code ld-linux*.so}, {@code libc.so.6}). */
    GLIBC,
    /** musl ({@code ld-musl-*.so}, {@code libc.musl-*.so}). */
    MUSL,
    /** A dynamic executable whose C library is neither of those. */
    OTHER
  }

  public ElfLinking {
    if (bits != 32 && bits != 64) {
      throw new IllegalArgumentException("bits: " + bits);
    }
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(interpreter, "interpreter");
    needed = List.copyOf(needed);
  }

  /**
   * Whether the executable is statically linked: it names no interpreter and needs no shared
   * library, so it runs without a dynamic loader (a Go binary built with {@code CGO_ENABLED=0}).
   */
  public boolean isStatic() {
    return interpreter.isEmpty() && needed.isEmpty();
  }

  /** Whether it is a position-independent executable ({@code -buildmode=pie}). */
  public boolean isPie() {
    return type == Type.PIE;
  }

  /** The C library the executable expects on the host; {@link Libc#NONE} when static. */
  public Libc libc() {
    String interp = interpreter.orElse("");
    if (interp.contains("ld-musl") || needed.stream().anyMatch(n -> n.startsWith("libc.musl"))) {
      return Libc.MUSL;
    }
    if (interp.contains("ld-linux") || needed.contains("libc.so.6")) {
      return Libc.GLIBC;
    }
    return isStatic() ? Libc.NONE : Libc.OTHER;
  }

  /**
   * {@code statically linked}, {@code static-pie linked} or {@code dynamically linked}, as
   * {@code file} words it.
   */
  public String linkage() {
    if (!isStatic()) {
      return "dynamically linked";
    }
    return type == Type.PIE || type == Type.SHARED ? "static-pie linked" : "statically linked";
  }
}
