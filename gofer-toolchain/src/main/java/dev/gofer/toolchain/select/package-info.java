/**
 * Choosing the Go toolchain for a directory and running it.
 *
 * <p>{@link dev.gofer.toolchain.select.Resolver} decides, in this order: {@code GOFER_GO_VERSION};
 * {@code .go-version} walking up from the working directory; the {@code toolchain} line, else the
 * {@code go} line as a minimum, of the nearest {@code go.work} (or {@code go.mod} when there is
 * none, as the go command does); {@code .tool-versions} ({@code golang} or {@code go}); the global
 * choice in {@code $GOFER_HOME/version}; otherwise the first {@code go} on {@code PATH} that is not
 * a gofer shim. {@link dev.gofer.toolchain.select.Shims} writes POSIX sh shims that decide the
 * same way without starting a JVM, and ask {@code gofer toolchain which} only when sh cannot.
 */
package dev.gofer.toolchain.select;
