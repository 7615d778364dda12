/**
 * {@code gofer audit}: are the modules inside a Go binary the published ones? {@link
 * dev.gofer.host.audit.Auditor} compares each {@code h1:} sum the binary records with a verified
 * checksum-database lookup through the GOPROXY list, and reports each module as genuine,
 * mismatched, unknown or private.
 */
package dev.gofer.host.audit;
