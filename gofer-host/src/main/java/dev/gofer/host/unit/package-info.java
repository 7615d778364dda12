/**
 * Writers for systemd configuration that a Go service runs under: a hardened {@code .service}
 * unit ({@link dev.gofer.host.unit.UnitWriter} from a {@link dev.gofer.host.unit.UnitSpec}), its
 * delve debug drop-in, and a journald drop-in for persistent, size-capped logs ({@link
 * dev.gofer.host.unit.JournaldDropIn}). Everything here is pure text from values, except {@link
 * dev.gofer.host.unit.AtomicWrite}, which puts the text on disk.
 */
package dev.gofer.host.unit;
