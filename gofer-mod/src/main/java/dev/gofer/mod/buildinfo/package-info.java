/**
 * Go build information read from ELF binaries: what {@code go version -m FILE} prints.
 *
 * <p>The counterpart of Go's {@code debug/buildinfo} and {@code runtime/debug.BuildInfo}:
 * {@link dev.gofer.mod.buildinfo.BuildInfoReader} finds the build info blob a Go linker leaves
 * in a binary (the {@code .go.buildinfo} section, or the aligned {@code "\xff Go buildinf:"}
 * magic in the first writable data segment) and extracts the toolchain version and the module
 * information text; {@link dev.gofer.mod.buildinfo.BuildInfo#parse(String)} turns that text
 * into records, and {@link dev.gofer.mod.buildinfo.BuildInfo#format()} and {@link
 * dev.gofer.mod.buildinfo.BuildInfo#goVersionOutput(String)} render it back the way Go does.
 *
 * <p>Only ELF is read (Linux and the BSDs); PE, Mach-O, XCOFF and Plan 9 files are reported as
 * an unrecognized file format. Every failure is a {@link
 * dev.gofer.mod.buildinfo.BuildInfoException}.
 */
package dev.gofer.mod.buildinfo;
