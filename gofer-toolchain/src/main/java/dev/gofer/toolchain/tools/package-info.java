/**
 * Developer tools per toolchain: {@code gopls} and {@code dlv} built with a gofer toolchain into
 * its own GOBIN ({@code $GOFER_HOME/tools/go<V>/bin}), at the newest release whose {@code go}
 * line that toolchain accepts ({@link dev.gofer.toolchain.tools.Releases}), and giving {@code dlv}
 * {@code CAP_SYS_PTRACE} ({@link dev.gofer.toolchain.tools.Ptrace}).
 */
package dev.gofer.toolchain.tools;
