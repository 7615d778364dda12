/**
 * The {@code h1:} hash of module content, as {@code golang.org/x/mod/sumdb/dirhash} computes it:
 * the go.sum {@code <module> <version> h1:} line ({@link dev.gofer.mod.dirhash.DirHash#hashZip}),
 * the {@code <module> <version>/go.mod h1:} line ({@link dev.gofer.mod.dirhash.DirHash#hashGoMod})
 * and the hash of an extracted module directory ({@link dev.gofer.mod.dirhash.DirHash#hashDir}).
 */
package dev.gofer.mod.dirhash;
