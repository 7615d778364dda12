/**
 * Low-level helpers that several gofer-mod packages share: Go's string quoting ({@code %q},
 * {@code strconv.Unquote}), Go's base64 acceptance rules, Go's UTF-8 decoding rules, and Go's
 * {@code unicode} character classes with the {@code strings} functions built on them.
 *
 * <p><b>Internal to gofer-mod, not API.</b> The classes are public only because Java has no
 * other way to share them between packages; they may change or disappear in any release, and
 * code outside gofer-mod must not use them.
 */
package dev.gofer.mod.internal;
